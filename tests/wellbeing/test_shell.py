"""The portal's shell: error pages, the favicon, languages, and the words every page shares."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
class TestFavicon:
    def test_the_favicon_is_served_at_the_site_root_without_a_session(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert "sessionid" not in response.cookies

    def test_every_page_links_its_icons(self, client):
        html = client.get(reverse("home")).content.decode()
        assert '<link rel="icon" href="/favicon.ico"' in html
        assert 'type="image/svg+xml"' in html and "root/favicon.svg" in html
