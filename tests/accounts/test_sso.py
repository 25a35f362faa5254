"""Single sign-on by OpenID Connect is configured from the environment."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.test import override_settings

ENV = {
    "OIDC_CLIENT_ID": "portal-client",
    "OIDC_CLIENT_SECRET": "s3cret",
    "OIDC_SERVER_URL": "https://login.example.org/tenant/v2.0",
    "OIDC_PROVIDER_ID": "entra",
    "OIDC_PROVIDER_NAME": "Police account",
}


def settings_in_subprocess(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wellbeing.settings'; django.setup();"
        f"from django.conf import settings; print({expression})"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_"))}
    clean["DJANGO_DEBUG"] = "true"
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True)


def test_oidc_variables_configure_the_provider():
    result = settings_in_subprocess(ENV, "settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]")
    assert result.returncode == 0, result.stderr
    assert "'provider_id': 'entra'" in result.stdout
    assert "'server_url': 'https://login.example.org/tenant/v2.0'" in result.stdout


def test_without_a_client_id_sso_is_off():
    result = settings_in_subprocess({}, "settings.SOCIALACCOUNT_PROVIDERS")
    assert result.stdout.strip() == "{}"


def test_a_client_id_without_a_server_fails_loudly():
    result = settings_in_subprocess({"OIDC_CLIENT_ID": "x"}, "1")
    assert result.returncode != 0
    assert "OIDC_SERVER_URL" in result.stderr


PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "entra",
                "name": "Police account",
                "client_id": "portal-client",
                "secret": "s3cret",
                "settings": {"server_url": "https://login.example.org/tenant/v2.0"},
            }
        ],
    }
}

OPENID_CONFIGURATION = {
    "authorization_endpoint": "https://login.example.org/authorize",
    "token_endpoint": "https://login.example.org/token",
    "userinfo_endpoint": "https://login.example.org/userinfo",
    "issuer": "https://login.example.org/tenant/v2.0",
}


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS)
def test_the_login_page_offers_the_organisation_account_and_sends_the_user_to_the_provider(client):
    page = client.get("/accounts/login/")
    assert "Police account" in page.content.decode()
    with mock.patch(
        "allauth.socialaccount.providers.openid_connect.views.OpenIDConnectOAuth2Adapter.openid_config",
        new_callable=mock.PropertyMock,
        return_value=OPENID_CONFIGURATION,
    ):
        response = client.post("/accounts/oidc/entra/login/")
    assert response.status_code == 302
    assert response.url.startswith("https://login.example.org/authorize?")
    assert "client_id=portal-client" in response.url
    assert "code_challenge=" in response.url  # PKCE
