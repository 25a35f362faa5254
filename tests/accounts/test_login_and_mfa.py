import pytest
from django.urls import reverse

from accounts.roles import PRIVILEGED_ROLES, Role
from tests.factories import PASSWORD, UserFactory, with_totp

MFA_SETUP = "/accounts/2fa/totp/activate/"


def login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.mark.django_db
class TestLogin:
    def test_an_employee_logs_in_by_email_and_out_again(self, client):
        user = UserFactory(email="eve@example.org")
        response = login(client, user)
        assert response.status_code == 302
        assert client.get("/").context["user"] == user
        client.post(reverse("account_logout"))
        assert not client.get("/").context["user"].is_authenticated

    def test_a_wrong_password_says_so_and_logs_nobody_in(self, client):
        user = UserFactory()
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
        assert not response.context["user"].is_authenticated
        assert response.context["form"].errors

    def test_public_sign_up_is_closed(self, client):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "password1": "Sufficiently-long-1", "password2": "Sufficiently-long-1"},
        )
        assert b"closed" in response.content.lower() or response.status_code in (302, 403)
        from accounts.models import User

        assert not User.objects.filter(email="new@example.org").exists()

    def test_a_deactivated_account_cannot_log_in(self, client):
        from accounts.services import user_deactivate

        user = UserFactory()
        user_deactivate(user=user)
        login(client, user)
        assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
class TestMandatoryMFA:
    @pytest.mark.parametrize("role", PRIVILEGED_ROLES)
    def test_a_privileged_user_without_mfa_reaches_only_the_setup_page(self, client, role):
        user = UserFactory(roles=[role])
        login(client, user)
        for path in ["/", reverse("accounts:preferences"), "/checkups/", "/admin/"]:
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url == MFA_SETUP
        # allauth asks for the password once more before an authenticator is added.
        response = client.get(MFA_SETUP)
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert client.get(response.url).status_code == 200
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert client.get(MFA_SETUP).status_code == 200

    @pytest.mark.parametrize("role", PRIVILEGED_ROLES)
    def test_a_privileged_user_with_an_authenticator_gets_through(self, client, role):
        user = with_totp(UserFactory(roles=[role]))
        client.force_login(user)
        assert client.get("/").status_code == 200

    def test_an_employee_is_not_asked_for_mfa(self, client):
        client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
        assert client.get("/").status_code == 200

    def test_logout_and_health_stay_reachable_without_mfa(self, client):
        client.force_login(UserFactory(roles=[Role.MANAGER]))
        assert client.get("/healthz").status_code in (200, 503)
        response = client.post(reverse("account_logout"))
        assert response.status_code == 302 and response.url != MFA_SETUP

    def test_a_login_with_a_password_then_asks_for_the_code(self, client):
        user = with_totp(UserFactory(roles=[Role.PSYCHOLOGIST]))
        response = login(client, user)
        assert response.url == reverse("mfa_authenticate")
        assert not client.get("/").context["user"].is_authenticated

    def _sso_session(self, client, user):
        from allauth.account.internal.flows.login import (
            _AUTHENTICATION_METHODS_USER_SESSION_KEY,
            AUTHENTICATION_METHODS_SESSION_KEY,
        )

        client.force_login(user)
        session = client.session
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "socialaccount", "provider": "organisation"}]
        session.save()

    def test_single_sign_on_counts_as_mfa_only_when_the_provider_enforces_it(self, client, settings):
        user = UserFactory(roles=[Role.MANAGER])
        self._sso_session(client, user)
        settings.OIDC_ENFORCES_MFA = False
        assert client.get("/").status_code == 302
        settings.OIDC_ENFORCES_MFA = True
        assert client.get("/").status_code == 200

    def test_a_password_login_does_not_count_as_sso(self, client, settings):
        settings.OIDC_ENFORCES_MFA = True
        client.force_login(UserFactory(roles=[Role.MANAGER]))
        assert client.get("/").status_code == 302
