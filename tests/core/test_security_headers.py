"""The headers every response carries, and the production settings behind HSTS and cookies
(docs/security-settings.md)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict:
    parts = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: value for name, value in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/healthz", "/readyz", "/no-such-page/"])
def test_every_response_has_a_strict_content_security_policy(client, path):
    response = client.get(path)
    assert policy(response) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_other_security_headers(client, alice):
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert {features[name] for name in ("camera", "microphone", "geolocation")} == {"()"}


TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates")), *sorted(ROOT.glob("*/*/templates"))]
# Not pages served under the policy: e-mails (mail clients need inline CSS) and the self-test
# result saved as a file (opened from disk, where no header applies).
EXEMPT = ("templates/emails/", "/email/", "surveys/selftest_file.html")
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"""\sstyle\s*=\s*["']""", re.I), "a style= attribute"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I), "an on...= handler"),
    (re.compile(r"""<script\b(?![^>]*\bsrc=)(?![^>]*type=["']application/json)[^>]*>""", re.I), "an inline <script>"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_served_template_has_inline_script_or_style():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            name = path.relative_to(ROOT).as_posix()
            if any(part in name for part in EXEMPT):
                continue
            text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"))
            found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


def test_production_settings_send_hsts_and_secure_cookies():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test-" + "x" * 60,
        "EMAIL_URL": "smtp://localhost:25",
        "MESSAGE_KEY_SECRET": "test-message-keys",
    }
    from cryptography.fernet import Fernet

    for name in (
        "CHECKUPS_NOTE_KEYS",
        "PEER_SUPPORT_NOTE_KEYS",
        "MONITOR_DRAFT_KEYS",
        "ACCOUNTS_PHONE_KEYS",
        "EXPERTS_KEYS",
    ):
        env[name] = Fernet.generate_key().decode()
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "wellbeing.settings"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values.pop("SECURE_HSTS_SECONDS") >= 365 * 24 * 3600
    assert values == {
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
    }
