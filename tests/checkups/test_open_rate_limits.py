"""Open consultations: rate limits that link to nobody, count every wrong code, and see
each person behind the organisation's proxy as themselves."""

import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from checkups.models import Booking
from core.ratelimit import SESSION_MARKER


def _open_book(client, open_type, slot, **headers):
    return client.post(
        reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": "Robin"}, **headers
    )


def _cache_keys() -> list[str]:
    """The cache's keys (the test settings use the local-memory cache), but for the sessions
    themselves (the session engine, Django's cached_db, keeps each under its own key): what must not appear is
    a counter or marker that leads from the login to the open booking."""
    return [key for key in cache._cache.keys() if "django.contrib.sessions.cached_db" not in key]


def test_a_logged_in_open_booking_is_counted_under_a_keyed_random_marker_not_the_login_session(
    alice, make_slot, open_type, client
):
    client.force_login(alice)
    _open_book(client, open_type, make_slot(days=3))
    login_session = client.session.session_key
    marker = client.session[SESSION_MARKER]
    assert marker and marker != login_session
    keys = " ".join(_cache_keys())
    assert "checkups:rl:open-booking:s:" in keys
    assert hashlib.sha256(login_session.encode()).hexdigest()[:32] not in keys
    assert login_session not in keys
    # Without the secret key the marker does not lead to the counter either.
    assert hashlib.sha256(marker.encode()).hexdigest()[:32] not in keys and marker not in keys


def test_the_limit_still_holds_per_session(make_slot, open_type, client, settings):
    settings.CHECKUPS_OPEN_PER_SESSION = 1
    _open_book(client, open_type, make_slot(days=2))
    response = _open_book(client, open_type, make_slot(days=3))
    assert b"several open consultations" in response.content
    assert Booking.objects.count() == 1


def test_behind_the_organisations_proxy_one_person_does_not_use_up_everyones_limit(make_slot, open_type, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CHECKUPS_OPEN_PER_ADDRESS = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _open_book(Client(), open_type, make_slot(days=2), HTTP_X_FORWARDED_FOR="172.16.4.21", **proxy)
    again = _open_book(Client(), open_type, make_slot(days=3), HTTP_X_FORWARDED_FOR="172.16.4.21", **proxy)
    assert b"several open consultations" in again.content  # the same person, a fresh browser
    colleague = _open_book(Client(), open_type, make_slot(days=4), HTTP_X_FORWARDED_FOR="172.16.4.22", **proxy)
    assert b"several open consultations" not in colleague.content
    assert Booking.objects.count() == 2


@pytest.fixture
def open_booking(make_slot, open_type):
    response = _open_book(Client(), open_type, make_slot(days=3))
    return response.context["booking"], response.context["code"], make_slot(days=5)


WRONG = "AAAA-BBBB-CCCC"
MANAGE = reverse("checkups:open_manage")


def _wrong_codes(client, times: int):
    return [client.post(MANAGE, {"code": WRONG if n % 2 else WRONG.lower()}) for n in range(times)]


def test_every_wrong_code_counts_and_then_every_lookup_by_code_is_refused(client, open_booking):
    assert reverse("checkups:open_manage") == MANAGE
    booking, code, _spare_slot = open_booking
    responses = _wrong_codes(client, 10)
    # Up to the tenth, each wrong code is answered; after it, even the right one is refused.
    assert [r.status_code for r in responses] == [200] * 10
    assert all(b"do not know this code" in r.content for r in responses)
    refused = client.post(MANAGE, {"code": code})
    assert refused.status_code == 429
    assert b"Too many tries. Please wait a quarter of an hour" in refused.content
    assert b"secret link from your booking, it still works" in refused.content
    # Refused means not remembered: the manage pages send this browser back to the code form.
    assert client.get(reverse("checkups:open_move"))["Location"] == MANAGE
    assert client.post(reverse("checkups:open_cancel"))["Location"] == MANAGE
    booking.refresh_from_db()
    assert booking.status != Booking.Status.CANCELLED


def test_a_code_anywhere_but_the_code_form_is_not_looked_up_nor_counted(client, open_booking):
    booking, code, spare_slot = open_booking
    confirm = reverse("checkups:open_move_confirm", args=[spare_slot.pk])
    for _ in range(11):
        assert b'name="code"' in client.get(MANAGE, {"code": code}).content  # still the code form
        assert client.get(reverse("checkups:open_move"), {"code": code})["Location"] == MANAGE
        assert client.get(confirm, {"code": code})["Location"] == MANAGE
        assert client.post(confirm, {"code": code, "slot": spare_slot.pk})["Location"] == MANAGE
        assert client.post(reverse("checkups:open_cancel"), {"code": WRONG})["Location"] == MANAGE
        assert client.post(reverse("checkups:open_invitation"), {"code": code})["Location"] == MANAGE
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED and booking.slot != spare_slot
    # None of that counted as a wrong code: the form still takes the right one.
    assert client.post(MANAGE, {"code": code})["Location"] == MANAGE


def test_a_refused_guesser_can_still_use_the_secret_link(client, open_booking, make_slot, open_type):
    _wrong_codes(client, 11)
    assert client.post(MANAGE, {"code": WRONG}).status_code == 429
    token_response = _open_book(client, open_type, make_slot(days=6))
    token = token_response.context["manage_url"].split("?t=")[1]
    assert client.get(MANAGE, {"t": token})["Location"] == MANAGE
    assert client.get(MANAGE).context["booking"] == token_response.context["booking"]


def test_the_right_code_is_not_counted(client, open_booking):
    booking, code, _spare = open_booking
    for _ in range(15):
        response = client.post(MANAGE, {"code": code})
        assert response.status_code == 302 and response["Location"] == MANAGE
    assert client.get(MANAGE).context["booking"] == booking


def test_wrong_codes_count_per_address_across_fresh_browsers(open_booking):
    _booking, code, _spare = open_booking
    for _ in range(3):  # a new browser each time: the session limit never trips, the address limit does
        browser = Client()
        for _ in range(10):
            browser.post(reverse("checkups:open_manage"), {"code": WRONG})
    assert Client().post(reverse("checkups:open_manage"), {"code": code}).status_code == 429


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_logged_in_open_booking_writes_nothing_that_names_the_person(alice, make_slot, open_type, client):
    """The session row names the user: it must not be written in step with the nameless booking."""
    from django.db import connection

    def xmins(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table}")
            return {row[0] for row in cursor.fetchall()}

    slot = make_slot(days=3)
    client.force_login(alice)  # the login writes the session, with its rate-limit marker
    sessions = xmins("django_session")
    client.get(reverse("checkups:open_slots", args=[open_type.slug]))
    client.get(reverse("checkups:open_book", args=[open_type.slug, slot.pk]))
    _open_book(client, open_type, slot)
    assert Booking.objects.filter(employee__isnull=True).count() == 1
    assert xmins("django_session") == sessions
    assert not xmins("checkups_booking") & (sessions | xmins("accounts_user"))


def test_open_bookings_are_rate_limited_per_session(make_slot, open_type, client, settings):
    settings.CHECKUPS_OPEN_PER_SESSION = 2
    slots = [make_slot(days=d) for d in (2, 3, 4)]
    for slot in slots[:2]:
        _open_book(client, open_type, slot)
    response = _open_book(client, open_type, slots[2])
    assert response.status_code == 200 and b"several open consultations" in response.content
    assert Booking.objects.count() == 2


def test_open_bookings_are_rate_limited_per_address_across_sessions(make_slot, open_type, client, settings):
    from django.test import Client

    settings.CHECKUPS_OPEN_PER_ADDRESS = 1
    _open_book(client, open_type, make_slot(days=2))
    response = _open_book(Client(), open_type, make_slot(days=3))
    assert b"several open consultations" in response.content
    assert Booking.objects.count() == 1
    from django.db import connection

    with connection.cursor() as cursor:  # the address is nowhere in the database
        cursor.execute("SELECT * FROM checkups_booking")
        assert "127.0.0.1" not in str(cursor.fetchall())
