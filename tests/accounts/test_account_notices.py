"""A neutral e-mail when the password, an authenticator or the login address changes: through
the outbox, at once, naming only the kind of change (accounts/notices.py)."""

import pytest
from django.urls import reverse

from notifications.email import render_email
from notifications.models import OutboxMessage
from tests.factories import PASSWORD, with_totp

HEALTH_WORDS = ("health", "stress", "psycholog", "support", "self-test", "wellbeing check", "incident")


def notices(user):
    return list(OutboxMessage.objects.filter(recipient=user, template="account_changed"))


def test_a_password_change_sends_one_neutral_notice(client, alice):
    client.force_login(alice)
    new = "a-brand-new-long-password"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    [notice] = notices(alice)
    assert notice.context == {"change": "password"}  # no address, no browser, no time
    assert notice.urgent  # not held back by quiet hours
    subject, text, _html = render_email(notice.template, notice.context, language="en")
    assert subject == "Your portal account was changed"
    assert "its password" in text and "If this was not you" in text
    assert not any(word in (subject + text).lower() for word in HEALTH_WORDS)


def test_turning_off_the_authenticator_sends_a_notice(client, alice):
    with_totp(alice)
    client.force_login(alice)
    client.reauthenticate()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert [n.context["change"] for n in notices(alice)] == ["authenticator"]


@pytest.mark.parametrize("language, words", [("nl", "wachtwoord"), ("da", "adgangskode")])
def test_the_notice_is_in_the_persons_language(alice, language, words):
    from accounts.notices import PASSWORD as CHANGED_PASSWORD
    from accounts.notices import account_change_notify

    alice.language = language
    alice.save()
    account_change_notify(user=alice, change=CHANGED_PASSWORD)
    [notice] = notices(alice)
    subject, text, _html = render_email(notice.template, notice.context, language=notice.language)
    assert words in text.lower() and "password" not in text.lower().replace("/password/", "")


def test_a_new_login_address_is_told_to_the_old_one(admin_client, alice):
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"email": "alice.new@example.org", "unit": alice.unit_id, "is_active": "on"})
    data["groups"] = [group.pk for group in alice.groups.all()]
    data["managed_units"] = []
    data.pop("last_login", None), data.pop("date_joined", None), data.pop("deactivated_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [notice] = notices(alice)
    assert notice.to_email == "alice@example.org" and notice.context == {"change": "email"}
