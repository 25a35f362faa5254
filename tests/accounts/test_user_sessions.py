"""People see where they are logged in and end the other logins (allauth.usersessions); the
list keeps a line only while its login can be alive."""

import datetime as dt

from allauth.usersessions.models import UserSession
from django.urls import reverse
from django.utils import timezone

from accounts.testing import PortalClient
from tests.factories import PASSWORD

SESSIONS = reverse("usersessions_list")


def log_in(client, user, agent):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, HTTP_USER_AGENT=agent)
    assert response.status_code == 302


def test_my_settings_lead_to_the_list_of_my_logins(client, alice):
    log_in(client, alice, "Phone browser")
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert SESSIONS in page
    page = client.get(SESSIONS).content.decode()
    assert "Where you are logged in" in page and "Phone browser" in page and "This browser" in page


def test_logging_out_everywhere_else_ends_the_other_login(client, alice):
    other = PortalClient()
    log_in(other, alice, "Work computer")
    log_in(client, alice, "Phone browser")
    page = client.get(SESSIONS).content.decode()
    assert "Work computer" in page and "Log out everywhere else" in page
    response = client.post(SESSIONS, follow=True)
    assert "You are logged out everywhere else." in response.content.decode()
    assert other.get(reverse("accounts:preferences")).status_code == 302
    assert client.get(reverse("accounts:preferences")).status_code == 200
    assert list(UserSession.objects.filter(user=alice).values_list("user_agent", flat=True)) == ["Phone browser"]


def test_nobody_sees_anyone_elses_logins(client, alice, charlie):
    log_in(PortalClient(), charlie, "Charlies browser")
    log_in(client, alice, "Phone browser")
    assert "Charlies browser" not in client.get(SESSIONS).content.decode()


def test_logging_out_deletes_the_line_at_once(client, alice):
    log_in(client, alice, "Phone browser")
    assert UserSession.objects.filter(user=alice).count() == 1
    client.post(reverse("account_logout"))
    assert not UserSession.objects.filter(user=alice).exists()


def test_lines_of_logins_that_ran_out_are_deleted_by_the_daily_retention(alice):
    from accounts.retention import user_sessions_delete

    now = timezone.now()
    UserSession.objects.create(user=alice, ip="192.0.2.1", session_key="old", last_seen_at=now - dt.timedelta(hours=1))
    UserSession.objects.create(user=alice, ip="192.0.2.2", session_key="live", last_seen_at=now)
    assert user_sessions_delete(now) == 1
    assert list(UserSession.objects.values_list("session_key", flat=True)) == ["live"]


def test_a_lost_cache_logs_nobody_out_and_a_logout_leaves_no_copy_in_it(client, alice):
    # Sessions are read from the cache and kept in the database too (cached_db).
    from django.core.cache import cache

    log_in(client, alice, "Phone browser")
    key = client.session.session_key
    cache.clear()  # Redis restarted or flushed
    assert client.get(reverse("accounts:preferences")).status_code == 200
    assert any(key in str(k) for k in cache._cache)  # read from the database, cached again
    client.post(reverse("account_logout"))
    assert not any(key in str(k) for k in cache._cache)
    assert client.get(reverse("accounts:preferences")).status_code == 302


def test_a_logout_while_the_cache_is_down_fails_whole_and_leaves_no_live_copy(client, alice, monkeypatch):
    # Django's cached_db deletes the row first: with the cache down the copy there would stay
    # and log the cookie in again once the cache is back. Here the copy goes first, or nothing.
    import pytest
    from django.contrib.sessions.models import Session
    from django.core.cache import cache, caches

    log_in(client, alice, "Phone browser")
    key = client.session.session_key

    def cache_down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(type(caches["default"]), "delete", cache_down)
    with pytest.raises(ConnectionError):
        client.post(reverse("account_logout"))
    monkeypatch.undo()
    assert Session.objects.filter(session_key=key).exists()  # nothing half done: log out again
    assert client.get(reverse("accounts:preferences")).status_code == 200
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not any(key in str(k) for k in cache._cache)
    assert client.get(reverse("accounts:preferences")).status_code == 302


def test_a_session_is_read_from_the_database_while_the_cache_is_down(client, alice, monkeypatch):
    from django.core.cache import cache, caches

    log_in(client, alice, "Phone browser")
    cache.clear()

    def cache_down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(type(caches["default"]), "get", cache_down)
    monkeypatch.setattr(type(caches["default"]), "set", cache_down)
    from accounts.sessions import SessionStore

    assert SessionStore(session_key=client.session.session_key).load()["_auth_user_id"] == str(alice.pk)


def test_expired_login_sessions_leave_the_session_table_with_the_daily_retention(client, alice, settings):
    # Django leaves expired rows for `clearsessions`; each names a user id, so they go daily.
    from django.contrib.sessions.models import Session

    from accounts.retention import expired_sessions_delete
    from core.retention import retention_apply

    log_in(client, alice, "Phone browser")
    live = client.session.session_key
    ran_out = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.create(session_key="ran-out", session_data="{}", expire_date=ran_out)
    assert expired_sessions_delete(timezone.now()) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert client.get(reverse("accounts:preferences")).status_code == 200  # still logged in
    # The same rule runs in the daily task; once its age is over the login has run out too.
    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    assert retention_apply(now=later)["accounts.expired_sessions"] == 1
    assert not Session.objects.exists()
