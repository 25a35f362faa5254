"""The password (or code) again, within five minutes, before changing MFA, changing roles and
exporting (accounts/reauth.py; allauth's reauthentication)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, with_totp

REAUTH = reverse("account_reauthenticate")


@pytest.fixture
def superuser(db):
    return with_totp(UserFactory(email="root@example.org", roles=[], is_staff=True, is_superuser=True))


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_a_superuser_gives_the_password_again_before_the_form_that_changes_roles(client, superuser, alice):
    client.force_login(superuser)
    response = client.get(change_url(alice))
    assert response.status_code == 302 and response.url.startswith(REAUTH)
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == change_url(alice)
    assert client.get(change_url(alice)).status_code == 200


def test_a_role_change_sent_after_five_minutes_waits_for_the_password(client, superuser, alice):
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(superuser)
        client.reauthenticate()
        form = client.get(change_url(alice)).context["adminform"].form
        clock.shift(dt.timedelta(minutes=6))
        data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
        data.update({"groups": [], "managed_units": [], "is_active": "on", "language": "en"})
        response = client.post(change_url(alice), data)
        assert response.status_code == 302 and response.url.startswith(REAUTH)
        alice.refresh_from_db()
        assert alice.role_names == {"employee"}  # nothing changed yet


def test_a_wrong_password_at_the_check_opens_nothing(client, superuser, alice):
    client.force_login(superuser)
    response = client.post(REAUTH + "?next=" + change_url(alice), {"password": "not-it-at-all"})
    assert response.status_code == 200
    assert client.get(change_url(alice)).status_code == 302


def test_turning_off_the_authenticator_asks_for_the_password_or_code_first(client, bob):
    client.force_login(bob)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response.url.startswith((REAUTH, reverse("mfa_reauthenticate")))
    client.reauthenticate()
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in_by_the_decorator(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from accounts.reauth import recent_login_required

    request = rf.get("/export/")
    request.user = AnonymousUser()
    response = recent_login_required(lambda request: HttpResponse("file"))(request)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
