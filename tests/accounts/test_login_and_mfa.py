import pytest
from django.urls import reverse
from django.utils.http import urlencode

from accounts.roles import PRIVILEGED_ROLES, Role
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, with_totp

MFA_SETUP = "/accounts/2fa/totp/activate/"
MFA_VERIFY = "/accounts/2fa/reauthenticate/"


def parameterless_paths():
    """Every page of the project without a parameter, read from the URL resolver."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route and "^" not in route:
                yield "/" + prefix + route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def totp_now() -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


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
        # allauth answers its "sign-up closed" page, in the portal's words.
        assert response.status_code == 200
        assert "Accounts come from your organisation" in response.content.decode()
        assert "account/signup_closed.html" in [t.name for t in response.templates]
        from accounts.models import User

        assert not User.objects.filter(email="new@example.org").exists()

    def test_a_deactivated_account_cannot_log_in(self, client):
        from accounts.services import account_close

        user = UserFactory()
        account_close(user=user, by=None, reason="other")
        login(client, user)
        assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
class TestMandatoryMFA:
    @pytest.mark.parametrize("role", PRIVILEGED_ROLES)
    def test_a_privileged_user_without_mfa_reaches_only_the_setup_page(self, client, role):
        user = UserFactory(roles=[role])
        login(client, user)
        for name in ["home", "accounts:preferences", "checkups:start", "admin:index"]:
            path = reverse(name)
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

    @pytest.mark.parametrize("role", [*PRIVILEGED_ROLES, "superuser"])
    def test_a_password_only_session_reaches_no_page_but_the_mfa_check(self, client, role):
        # Having an authenticator is not enough: this session must have used it.
        if role == "superuser":
            user = with_totp(UserFactory(roles=[], is_staff=True, is_superuser=True))
        else:
            user = with_totp(UserFactory(roles=[role], is_staff=role == Role.ADMIN))
        client.force_login(user, mfa=False)
        # The probes say ok or down to a load balancer, by any address and without a session.
        always_open = ("/accounts/logout/", "/healthz", "/readyz", "/language/", "/accounts/2fa/reauthenticate/")
        paths = [p for p in parameterless_paths() if not p.startswith(always_open)]
        assert "/admin/" in paths and len(paths) > 20
        for path in paths:
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url.startswith(MFA_VERIFY), path
        # Not even the MFA management pages: a stolen password cannot swap the authenticator.
        response = client.post("/accounts/2fa/totp/deactivate/")
        assert response.status_code == 302 and response.url.startswith(MFA_VERIFY)
        assert client.get("/admin/auth/group/").url.startswith(MFA_VERIFY)

    def test_the_mfa_check_of_a_password_only_session_opens_the_portal(self, client):
        user = with_totp(UserFactory(roles=[Role.WELLBEING_OFFICER]))
        client.force_login(user, mfa=False)
        campaigns = reverse("monitor:campaigns")
        response = client.get(campaigns)
        assert response.url == MFA_VERIFY + "?" + urlencode({"next": campaigns})
        response = client.post(response.url, {"code": totp_now()})
        assert response.status_code == 302 and response.url == campaigns
        assert client.get(campaigns).status_code == 200

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


@pytest.mark.django_db
class TestAdminLogin:
    def test_the_admin_has_no_login_form_of_its_own(self, client):
        response = client.get("/admin/login/?next=/admin/core/auditentry/")
        assert response.status_code == 302
        assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fcore%2Fauditentry%2F"
        response = client.post("/admin/login/", {"username": "a@example.org", "password": "x"})
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        # An anonymous visit to the admin ends at the portal's login too.
        assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(reverse("account_login"))

    def test_it_does_not_redirect_to_another_site(self, client):
        response = client.get("/admin/login/?next=https://evil.example/")
        assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"

    def test_a_superuser_with_a_password_is_asked_for_the_code_before_the_admin(self, client):
        user = with_totp(UserFactory(roles=[], is_staff=True, is_superuser=True))
        response = client.post(reverse("account_login") + "?next=/admin/", {"login": user.email, "password": PASSWORD})
        assert response.url == reverse("mfa_authenticate")
        assert client.get("/admin/").status_code == 302
        response = client.post(reverse("mfa_authenticate"), {"code": totp_now()})
        assert response.status_code == 302, response.context["form"].errors
        assert client.get("/admin/").status_code == 200

    def test_wrong_passwords_are_throttled_on_the_admins_path_too(self, client, settings):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        user = with_totp(UserFactory(roles=[Role.ADMIN], is_staff=True))
        login_url = client.get("/admin/login/").url
        for _attempt in range(15):
            client.post(login_url, {"login": user.email, "password": "not-the-password"})
        response = client.post(login_url, {"login": user.email, "password": PASSWORD})
        # Still refused: the right password after a run of wrong ones does not even reach the code step.
        assert response.status_code in (200, 429)
        assert "too many" in response.content.decode().lower()
        assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_nobody_changes_their_login_address_in_the_portal(client):
    user = UserFactory(email="eve@example.org")
    client.force_login(user)
    assert client.get("/accounts/email/").status_code == 404
    response = client.post("/accounts/email/", {"action_add": "1", "email": "thief@example.org"})
    assert response.status_code == 404
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="thief@example.org").exists()
