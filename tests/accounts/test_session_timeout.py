"""A login ends after 30 minutes without use and after 12 hours in all (ASVS 3.3.2 level 2),
for privileged roles and, by default, for employees too. Through HTTP, with the clock fixed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
LOGIN = reverse("account_login")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def logged_in(client) -> bool:
    return client.get(reverse("accounts:preferences")).status_code == 200


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_a_login_ends_after_thirty_minutes_without_use(client, clock, persona, request):
    client.force_login(request.getfixturevalue(persona))
    clock.shift(dt.timedelta(minutes=29))
    assert logged_in(client)
    clock.shift(dt.timedelta(minutes=30))  # used at 29, idle for 30: still fine
    assert logged_in(client)
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 302
    assert response.url == LOGIN + "?next=%2Fme%2Fpreferences%2F"
    # The person is out for good, not only redirected once.
    assert client.get(reverse("accounts:preferences")).url.startswith(LOGIN)


def test_the_login_page_says_calmly_why(client, clock, alice):
    client.force_login(alice)
    clock.shift(dt.timedelta(hours=1))
    page = client.get(reverse("home"), follow=True)
    text = page.content.decode()
    assert page.redirect_chain[-1][0].startswith(LOGIN)
    assert "You were logged out because the portal was not used for a while" in text


def test_the_message_is_in_the_persons_own_language(client, clock, alice):
    alice.language = "nl"
    alice.save()
    client.force_login(alice)
    clock.shift(dt.timedelta(hours=1))
    page = client.get(reverse("home"), follow=True)
    assert "Je bent uitgelogd" in page.content.decode()


@pytest.mark.parametrize("persona", ["alice", "wim"])
def test_a_login_in_use_still_ends_after_twelve_hours(client, clock, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for _step in range(12 * 3 - 1):  # a page every 20 minutes, up to 11 h 40
        clock.shift(dt.timedelta(minutes=20))
        assert logged_in(client)
    clock.shift(dt.timedelta(minutes=21))  # 12 h 01
    assert not logged_in(client)


def test_a_form_sent_after_the_timeout_changes_nothing(client, clock, alice):
    client.force_login(alice)
    clock.shift(dt.timedelta(hours=1))
    response = client.post(reverse("accounts:preferences"), {"language": "da", "time_zone": "UTC"})
    assert response.status_code == 302 and response.url == LOGIN
    alice.refresh_from_db()
    assert alice.language == "en"


def test_the_limits_are_settings_and_employees_may_have_their_own(client, clock, alice, bob, settings):
    settings.SESSION_IDLE_MINUTES_EMPLOYEE = 120
    client.force_login(alice)
    clock.shift(dt.timedelta(minutes=90))
    assert logged_in(client)
    bob_client = type(client)()
    bob_client.force_login(bob)
    clock.shift(dt.timedelta(minutes=31))
    assert not logged_in(bob_client)
    assert logged_in(client)


def test_a_new_login_starts_both_clocks_again(client, clock, alice):
    client.force_login(alice)
    clock.shift(dt.timedelta(hours=1))
    assert not logged_in(client)
    response = client.post(LOGIN, {"login": alice.email, "password": "a-good-test-password"})
    assert response.status_code == 302
    assert logged_in(client)


def test_only_roles_other_than_employee_count_as_privileged(alice, bob):
    from accounts.middleware import session_limits

    assert session_limits(bob) == (30 * 60, 12 * 3600)
    assert Role.EMPLOYEE in [role.value for role in Role]
    assert session_limits(alice) == (30 * 60, 12 * 3600)


def test_a_page_that_refreshes_itself_does_not_keep_the_login_open(client, clock, bob):
    """The support queue polls every minute (htmx, marked as background): an unattended screen
    still logs out, and the whole page goes to the login, not into the polled part."""
    client.force_login(bob)
    queue = reverse("peer_support:queue")
    assert "X-Portal-Background" in client.get(queue).content.decode()
    for _minute in range(30):
        clock.shift(dt.timedelta(minutes=1))
        response = client.get(queue, HTTP_HX_REQUEST="true", HTTP_X_PORTAL_BACKGROUND="1")
        assert response.status_code == 200 and "HX-Redirect" not in response
    clock.shift(dt.timedelta(minutes=1))
    response = client.get(queue, HTTP_HX_REQUEST="true", HTTP_X_PORTAL_BACKGROUND="1")
    assert response["HX-Redirect"] == LOGIN
    assert not logged_in(client)


def test_a_click_on_part_of_a_page_counts_as_use(client, clock, bob):
    client.force_login(bob)
    for _step in range(3):
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(reverse("peer_support:queue"), HTTP_HX_REQUEST="true").status_code == 200
    assert logged_in(client)
