"""Every way to try a secret is throttled by one mechanism, allauth's ACCOUNT_RATE_LIMITS,
counted per address (through the trusted proxies) and per account. The admin's login is the
portal's login (tests/accounts/test_login_and_mfa.py::TestAdminLogin). Not throttled here, and
why: single sign-on (the identity provider checks the secret and throttles it) and the nameless
consultation code of /checkups/open/ (not a login: core/ratelimit.py limits its bookings)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, with_totp


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def refused(response) -> bool:
    return response.status_code == 429 or "too many" in response.content.decode().lower()


def test_wrong_passwords_on_the_login_form_are_throttled_per_account(client, alice):
    for _attempt in range(5):
        assert not refused(client.post(reverse("account_login"), {"login": alice.email, "password": "wrong-one!"}))
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert refused(response)
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_wrong_passwords_from_one_address_are_throttled_whatever_the_account(client, org):
    people = [UserFactory() for _n in range(11)]
    responses = [client.post(reverse("account_login"), {"login": p.email, "password": "wrong-one!"}) for p in people]
    assert not refused(responses[0]) and refused(responses[-1])


def test_behind_the_trusted_proxy_each_person_has_their_own_count(client, org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    people = [UserFactory() for _n in range(11)]
    for n, person in enumerate(people):
        response = client.post(
            reverse("account_login"),
            {"login": person.email, "password": "wrong-one!"},
            REMOTE_ADDR="10.0.0.1",  # the proxy: everyone's REMOTE_ADDR
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
        assert not refused(response)


def test_password_reset_requests_are_throttled(client, alice):
    url = reverse("account_reset_password")
    responses = [client.post(url, {"email": alice.email}) for _n in range(4)]
    assert [refused(r) for r in responses] == [False, False, False, True]


def test_wrong_mfa_codes_are_throttled(client, db):
    user = with_totp(UserFactory(roles=[Role.PSYCHOLOGIST]))
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).url == reverse(
        "mfa_authenticate"
    )
    responses = [client.post(reverse("mfa_authenticate"), {"code": "000000"}) for _n in range(6)]
    assert not refused(responses[0]) and refused(responses[-1])


def test_the_password_check_before_sensitive_pages_is_throttled(client, alice):
    client.force_login(alice)
    url = reverse("account_reauthenticate")
    responses = [client.post(url, {"password": "wrong-one!"}) for _n in range(11)]
    assert not refused(responses[0]) and refused(responses[-1])


def test_the_mfa_code_check_before_sensitive_pages_is_throttled(client, bob):
    client.force_login(bob)
    url = reverse("mfa_reauthenticate")
    responses = [client.post(url, {"code": "000000"}) for _n in range(6)]
    assert not refused(responses[0]) and refused(responses[-1])
