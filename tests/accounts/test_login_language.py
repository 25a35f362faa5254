"""The language at login: the choice made last wins, and is saved on the account."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, with_totp

from .test_login_and_mfa import totp_now


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def page_language(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
class TestLanguageAtLogin:
    def test_a_language_chosen_on_the_login_page_wins_over_the_profile_and_is_saved(self, client):
        user = UserFactory(language="nl")
        client.get(reverse("account_login"))
        client.post(reverse("language_set"), {"language": "da", "next": reverse("account_login")})
        assert 'lang="da"' in client.get(reverse("account_login")).content.decode()
        log_in(client, user)
        assert page_language(client) == "da"
        user.refresh_from_db()
        assert user.language == "da"

    def test_without_a_choice_the_profile_wins_over_the_browser_and_an_old_cookie(self, client):
        user = UserFactory(language="nl")
        client.cookies["django_language"] = "da"  # from an earlier visit, maybe someone else's
        log_in(client, user)
        assert page_language(client) == "nl"
        user.refresh_from_db()
        assert user.language == "nl"

    def test_a_choice_made_at_the_mfa_step_is_saved_at_login(self, client):
        user = with_totp(UserFactory(language="en", roles=[Role.PSYCHOLOGIST]))
        assert log_in(client, user).url == reverse("mfa_authenticate")
        client.post(reverse("language_set"), {"language": "nl", "next": reverse("mfa_authenticate")})
        assert 'lang="nl"' in client.get(reverse("mfa_authenticate")).content.decode()
        client.post(reverse("mfa_authenticate"), {"code": totp_now()})
        assert page_language(client) == "nl"
        user.refresh_from_db()
        assert user.language == "nl"

    def test_the_choice_counts_for_one_login_only(self, client):
        user = UserFactory(language="nl")
        client.post(reverse("language_set"), {"language": "da", "next": "/"})
        log_in(client, user)
        client.post(reverse("account_logout"))
        user.language = "en"  # changed later, for instance on another device
        user.save()
        log_in(client, user)
        assert page_language(client) == "en"
