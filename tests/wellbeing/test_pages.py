"""What every page carries: the emergency numbers, landmarks, no caching of personal pages."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory


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
