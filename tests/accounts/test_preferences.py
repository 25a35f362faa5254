"""Choosing a language and saving one's preferences."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


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
