"""The mobile number a supporter gives for urgent alerts: validated, E.164, encrypted at rest,
shown only to themselves, and never logged."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User

PAGE = "accounts:preferences"


def settings_form(user, **changes):
    data = {"language": user.language, "time_zone": user.time_zone, "quiet_hours_start": "", "quiet_hours_end": ""}
    data.update(changes)
    return data


def test_a_supporter_saves_a_dutch_mobile_number_as_typed_at_home(client, bob):
    client.force_login(bob)
    bob.language = "nl"
    bob.save()
    response = client.post(reverse(PAGE), settings_form(bob, alert_phone="06 1234 5678"))
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.alert_phone == "+31612345678"
    assert "+31612345678" in client.get(reverse(PAGE)).content.decode()  # to themselves


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12", "does not look like a phone number"),
        ("not a number", "does not look like a phone number"),
        ("050 555 0100", "Text messages need a mobile number"),  # a landline in Groningen
    ],
)
def test_a_number_that_cannot_take_a_text_is_refused_on_the_form_and_changes_nothing(client, bob, typed, message):
    bob.language, bob.time_zone, bob.alert_phone = "en", "Europe/Amsterdam", "+31612345678"
    bob.save()
    client.force_login(bob)
    response = client.post(reverse(PAGE), settings_form(bob, alert_phone=typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    bob.refresh_from_db()
    assert bob.alert_phone == "+31612345678"


def test_a_danish_supporter_gives_a_danish_mobile(client, dave):
    dave.language = "da"
    dave.save()
    client.force_login(dave)
    client.post(reverse(PAGE), settings_form(dave, language="da", alert_phone="20 12 34 56"))
    dave.refresh_from_db()
    assert dave.alert_phone == "+4520123456"


def test_the_number_can_be_removed(client, bob):
    bob.alert_phone = "+31612345678"
    bob.save()
    client.force_login(bob)
    client.post(reverse(PAGE), settings_form(bob, alert_phone=""))
    bob.refresh_from_db()
    assert bob.alert_phone == ""


def test_an_employee_is_not_asked_for_a_number(client, alice):
    client.force_login(alice)
    html = client.get(reverse(PAGE)).content.decode()
    assert 'name="alert_phone"' not in html
    client.post(reverse(PAGE), settings_form(alice, alert_phone="06 12345678"))
    alice.refresh_from_db()
    assert alice.alert_phone == ""


@pytest.mark.postgres
def test_the_number_is_encrypted_at_rest(bob):
    bob.alert_phone = "+31612345678"
    bob.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT alert_phone FROM accounts_user WHERE id = %s", [bob.pk])
        (raw,) = cursor.fetchone()
    assert raw and "612345678" not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert User.objects.get(pk=bob.pk).alert_phone == "+31612345678"


def test_the_number_is_not_in_the_admin(admin_client, bob):
    bob.alert_phone = "+31612345678"
    bob.save()
    html = admin_client.get(reverse("admin:accounts_user_change", args=[bob.pk])).content.decode()
    assert "612345678" not in html
