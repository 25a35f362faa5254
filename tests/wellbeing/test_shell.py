"""The portal's shell: error pages, the favicon, languages, and the words every page shares."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
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


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("the database is down")


@pytest.fixture
def live(settings, client):
    """A client against the portal as it runs in production: DEBUG off, errors become pages."""
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def assert_error_page(response, status, heading, language):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert 'href="tel:112"' in html and 'href="tel:+319008844"' in html  # the header and the page body
    assert html.count('href="tel:112"') == 2
    assert 'href="/"' in html  # a way home
    assert "Not Found" not in html and "Forbidden" not in html and "Server Error" not in html


@pytest.mark.django_db
class TestErrorPages:
    def test_a_missing_page_answers_in_the_portal_layout_in_the_readers_language(self, live):
        response = live.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
        assert_error_page(response, 404, "We kunnen deze pagina niet vinden", "nl")
        assert "Naar de startpagina" in response.content.decode()

    def test_a_logged_in_reader_keeps_their_menu_on_a_missing_page(self, live, alice):
        alice.language = "da"
        alice.save()
        live.force_login(alice)
        response = live.get("/no-such-page/")
        assert_error_page(response, 404, "Vi kan ikke finde denne side", "da")
        assert "Log ud" in response.content.decode()
        assert "no-store" in response["Cache-Control"]

    def test_a_page_outside_ones_role_answers_403_in_the_portal_layout(self, live, alice):
        live.force_login(alice)
        response = live.get(reverse("checkups:agenda"))
        assert_error_page(response, 403, "You cannot open this page", "en")

    def test_a_form_sent_without_its_csrf_token_says_it_expired_in_the_portal_layout(self, settings, alice):
        from accounts.testing import PortalClient

        settings.DEBUG = False
        client = PortalClient(enforce_csrf_checks=True)
        client.cookies["django_language"] = "nl"
        response = client.post(reverse("language_set"), {"language": "da", "next": "/"})
        assert_error_page(response, 403, "Dit formulier is verlopen", "nl")
        assert "CSRF" not in response.content.decode()

    def test_a_bad_request_answers_400_in_the_portal_layout(self, live):
        response = live.get("/", HTTP_HOST="portal.evil.example")
        assert_error_page(response, 400, "The portal could not read this request", "en")

    def test_a_server_error_answers_500_in_the_portal_layout_in_the_readers_language(self, live, alice):
        alice.language = "nl"
        alice.save()
        live.force_login(alice)
        with mock.patch("wellbeing.views.render", side_effect=RuntimeError("broken")):
            response = live.get(reverse("home"))
        assert_error_page(response, 500, "Er ging bij ons iets mis", "nl")

    def test_the_500_page_renders_when_the_database_is_down(self, live, alice):
        live.force_login(alice)  # so that the middleware must read the session and the user
        live.cookies["django_language"] = "da"
        with connection.execute_wrapper(refuse_every_query):
            response = live.get(reverse("home"))
        assert_error_page(response, 500, "Der gik noget galt hos os", "da")

    def test_the_500_page_itself_asks_nothing_of_the_database(self, rf):
        from wellbeing.views import server_error

        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(refuse_every_query):
            response = server_error(rf.get("/"))
        assert response.status_code == 500 and len(queries) == 0
        assert 'href="tel:112"' in response.content.decode()


@pytest.mark.django_db
class TestLanguageNames:
    """Where someone chooses a language, each one is named in itself, in the header and in the settings."""

    @pytest.mark.parametrize("page_language", ["en", "nl", "da"])
    def test_the_switch_and_the_settings_name_each_language_the_same_way(self, client, alice, page_language):
        alice.language = page_language
        alice.save()
        client.force_login(alice)
        html = client.get(reverse("accounts:preferences")).content.decode()
        switch = html.split('id="language-select"', 1)[1].split("</select>", 1)[0]
        settings_field = html.split('id="id_language"', 1)[1].split("</select>", 1)[0]
        for code, name in (("en", "English"), ("nl", "Nederlands"), ("da", "Dansk")):
            assert f'lang="{code}"' in switch and f">{name}</option>" in switch
            assert f'lang="{code}"' in settings_field and f">{name}</option>" in settings_field
        for translated in ("Dutch", "Danish", "Engels", "Deens", "Engelsk", "Nederlandsk"):
            assert translated not in switch and translated not in settings_field


def _make_run_with(port: str, base_url: str | None) -> str:
    """What PORTAL_BASE_URL the processes of `make run PORT=...` get (honcho replaced by printenv)."""
    import os
    import shutil
    import subprocess

    if shutil.which("make") is None:  # pragma: no cover - make is part of the documented setup
        pytest.skip("make is not installed")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    dry_run = subprocess.run(["make", "-n", "run", f"PORT={port}"], cwd=root, capture_output=True, text=True)
    line = next(line for line in dry_run.stdout.splitlines() if "honcho start" in line)
    command = line.split("honcho start", 1)[0].rsplit(" ", 1)[0] + " printenv PORTAL_BASE_URL"
    env = {"PATH": os.environ["PATH"]} | ({"PORTAL_BASE_URL": base_url} if base_url else {})
    return subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True).stdout.strip()


def test_make_run_on_another_port_puts_that_port_in_links():
    assert _make_run_with("8080", None) == "http://127.0.0.1:8080"


def test_make_run_keeps_a_base_url_that_is_set():
    assert _make_run_with("8080", "https://wellbeing.example.org") == "https://wellbeing.example.org"


def test_make_run_tells_how_to_get_the_demo_code():
    import pathlib

    makefile = (pathlib.Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "manage.py demo_totp" in makefile


def test_the_readme_points_to_the_projects_own_docs_and_needs_no_oathtool():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    assert "../shared" not in readme and "oathtool" not in readme
    named = set(re.findall(r"`(docs/[\w-]+\.md)`", readme))
    assert {"docs/architecture.md", "docs/product.md", "docs/ux.md", "docs/privacy.md"} <= named
    for path in named:
        assert (root / path).is_file(), path
    assert "manage.py demo_totp" in readme
