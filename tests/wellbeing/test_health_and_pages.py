from unittest import mock

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.mark.django_db
class TestHealth:
    def test_it_answers_ok_when_database_and_broker_are_reachable(self, client):
        with mock.patch("wellbeing.views._broker_ok", return_value=True):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}

    def test_it_answers_503_when_the_broker_is_down(self, client):
        with mock.patch("wellbeing.views._broker_ok", return_value=False):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["broker"] == "down"

    def test_it_answers_503_when_the_database_is_down(self, client):
        with (
            mock.patch("wellbeing.views._database_ok", return_value=False),
            mock.patch("wellbeing.views._broker_ok", return_value=True),
        ):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "down"

    def test_the_broker_check_really_connects(self, settings):
        from wellbeing.views import _broker_ok

        with mock.patch("wellbeing.celery.app.connection_for_write", side_effect=OSError("refused")):
            assert _broker_ok() is False


@pytest.mark.django_db
class TestPages:
    def test_the_emergency_numbers_are_on_every_page(self, client, settings):
        settings.EMERGENCY_NUMBER = "112"
        settings.NON_EMERGENCY_NUMBER = "0900-8844"
        for path in ["/", reverse("account_login")]:
            content = client.get(path).content.decode()
            assert 'href="tel:112"' in content and "0900-8844" in content

    def test_the_emergency_numbers_are_configurable(self, client, settings):
        settings.EMERGENCY_NUMBER = "114"
        assert 'href="tel:114"' in client.get("/").content.decode()

    def test_the_page_has_a_skip_link_and_landmarks(self, client):
        content = client.get("/").content.decode()
        assert 'href="#main"' in content
        assert '<main id="main"' in content and "<header>" in content and "<footer" in content

    def test_pages_for_a_logged_in_user_are_never_stored(self, client):
        client.force_login(UserFactory())
        response = client.get("/")
        assert "no-store" in response["Cache-Control"]

    def test_a_privileged_home_shows_the_organisation_tools_only_to_staff(self, client):
        from tests.factories import with_totp

        admin = with_totp(UserFactory(roles=[Role.ADMIN], is_staff=True))
        client.force_login(admin)
        assert reverse("admin:index") in client.get("/").content.decode()
        client.force_login(UserFactory())
        assert reverse("admin:index") not in client.get("/").content.decode()


@pytest.mark.django_db
class TestLanguageAndPreferences:
    def test_choosing_a_language_is_saved_on_the_user(self, client):
        user = UserFactory(language="en")
        client.force_login(user)
        response = client.post(reverse("language_set"), {"language": "da", "next": "/"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.language == "da"
        assert client.get("/").content.decode().startswith("<!DOCTYPE html>")
        assert '<html lang="da">' in client.get("/").content.decode()

    def test_a_visitor_can_choose_a_language_too(self, client):
        client.post(reverse("language_set"), {"language": "nl", "next": "/"})
        assert '<html lang="nl">' in client.get("/").content.decode()

    def test_an_unknown_language_or_outside_redirect_changes_nothing(self, client):
        user = UserFactory(language="en")
        client.force_login(user)
        response = client.post(reverse("language_set"), {"language": "xx", "next": "https://evil.example/"})
        assert response.url == "/"
        user.refresh_from_db()
        assert user.language == "en"

    @pytest.mark.parametrize("next_url", ["profile", "home", "a b", "..", "x" * 3000])
    def test_a_next_that_is_not_a_path_goes_home_and_the_language_is_still_set(self, client, next_url):
        response = client.post(reverse("language_set"), {"language": "nl", "next": next_url})
        assert (response.status_code, response.url) == (302, "/")
        assert '<html lang="nl">' in client.get("/").content.decode()

    def test_a_next_path_on_this_site_is_kept(self, client):
        response = client.post(reverse("language_set"), {"language": "nl", "next": "/support/?tab=1"})
        assert response.url == "/support/?tab=1"

    def test_quiet_hours_need_both_ends(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            reverse("accounts:preferences"),
            {"language": "en", "time_zone": "Europe/Amsterdam", "quiet_hours_start": "23:00"},
        )
        assert response.status_code == 200
        assert "both the start and the end" in response.content.decode()
        user.refresh_from_db()
        assert user.quiet_hours_start is None

    def test_preferences_are_saved(self, client):
        import datetime as dt

        user = UserFactory()
        client.force_login(user)
        client.post(
            reverse("accounts:preferences"),
            {
                "language": "nl",
                "time_zone": "America/Nuuk",
                "quiet_hours_start": "08:00",
                "quiet_hours_end": "15:30",
            },
        )
        user.refresh_from_db()
        assert (user.language, user.time_zone) == ("nl", "America/Nuuk")
        assert user.quiet_hours_end == dt.time(15, 30)
