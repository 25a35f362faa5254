"""Managing an open consultation by its code, as the person does on a shared phone: the code
goes into a form, never into an address, and the browser is remembered only briefly."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from checkups import access
from checkups.models import Booking

MANAGE = reverse("checkups:open_manage")


class Walk:
    """A browser that records every address it asks for or is sent to."""

    def __init__(self, client):
        self.client = client
        self.addresses = []

    def _seen(self, path, data, response):
        self.addresses.append(path + ("?" + "&".join(f"{k}={v}" for k, v in data.items()) if data else ""))
        if response.has_header("Location"):
            self.addresses.append(response["Location"])
        self.addresses += re.findall(r'(?:href|action)="([^"]*)"', response.content.decode(errors="ignore"))
        return response

    def get(self, path, data=None):
        return self._seen(path, data or {}, self.client.get(path, data or {}))

    def post(self, path, data=None):
        response = self.client.post(path, data or {})
        return self._seen(path, {}, response)  # a form body is not an address


@pytest.fixture
def booked(make_slot, open_type):
    slot, later = make_slot(days=3, hour=10), make_slot(days=5, hour=11)
    created = Client().post(
        reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": "Sky"}
    )
    return created.context["booking"], created.context["code"], created.context["token"], later


def test_the_code_is_typed_once_and_never_appears_in_an_address_while_moving_and_cancelling(booked, client):
    booking, code, _token, later = booked
    walk = Walk(client)

    form = walk.get(reverse("checkups:open_start"))
    assert MANAGE in walk.addresses
    form = walk.get(MANAGE)
    assert 'method="post"' in form.content.decode() and 'name="code"' in form.content.decode()
    entered = walk.post(MANAGE, {"code": code})
    assert entered.status_code == 302 and entered["Location"] == MANAGE

    manage = walk.get(MANAGE)
    assert manage.context["booking"] == booking
    assert "no-store" in manage["Cache-Control"]
    week = walk.get(reverse("checkups:open_move"))
    confirm_url = reverse("checkups:open_move_confirm", args=[later.pk])
    assert confirm_url in walk.addresses
    walk.get(confirm_url)
    moved = walk.post(confirm_url, {"slot": later.pk})
    assert moved["Location"] == MANAGE
    page = walk.get(MANAGE)
    assert page.context["booking"].slot == later and "Your appointment is moved." in page.content.decode()
    walk.post(reverse("checkups:open_cancel"))
    assert walk.get(MANAGE).context["booking"].status == Booking.Status.CANCELLED

    assert week.status_code == 200
    for address in walk.addresses:
        assert code not in address and code.replace("-", "") not in address and "code=" not in address


def test_the_secret_link_is_answered_with_a_clean_address_at_once(booked, client):
    booking, _code, token, _later = booked
    first = client.get(MANAGE, {"t": token})
    assert first.status_code == 302 and first["Location"] == MANAGE
    assert token not in first.content.decode()
    page = client.get(MANAGE)
    assert page.context["booking"] == booking and token not in page.content.decode()


def test_the_session_holds_only_a_random_marker_and_the_cache_only_a_keyed_hash(booked, client):
    booking, code, token, _later = booked
    client.post(MANAGE, {"code": code})
    session = dict(client.session)
    marker = session[access.OPEN_MANAGE_MARKER]
    stored = " ".join(str(value) for value in session.values())
    for secret in (code, code.replace("-", ""), token, booking.manage_code_hash, booking.manage_token_hash):
        assert secret not in stored
    keys = " ".join(cache._cache.keys())  # the test settings use the local-memory cache
    assert marker not in keys and code not in keys and token not in keys


def test_done_forgets_the_appointment_on_this_device_and_the_code_still_works(booked, client):
    booking, code, _token, _later = booked
    client.post(MANAGE, {"code": code})
    done = client.post(reverse("checkups:open_done"))
    assert done["Location"] == reverse("checkups:open_start")
    assert b'name="code"' in client.get(MANAGE).content  # the code form again
    assert client.get(reverse("checkups:open_move"))["Location"] == MANAGE
    client.post(MANAGE, {"code": code})
    assert client.get(MANAGE).context["booking"] == booking


def test_the_device_forgets_by_itself_after_half_an_hour(booked, client):
    _booking, code, _token, _later = booked
    client.post(MANAGE, {"code": code})
    with time_machine.travel(dt.timedelta(minutes=31)):
        expired = client.get(reverse("checkups:open_move"), follow=True)
        assert expired.redirect_chain[-1][0] == MANAGE
        assert "forgets it after half an hour" in expired.content.decode()


def test_another_browser_cannot_use_a_remembered_appointment(booked, client):
    _booking, code, _token, _later = booked
    client.post(MANAGE, {"code": code})
    stranger = Client()
    assert b'name="code"' in stranger.get(MANAGE).content
    assert stranger.post(reverse("checkups:open_cancel"))["Location"] == MANAGE


def test_whoever_reads_the_whole_cache_cannot_tie_a_logged_in_person_to_their_open_consultation(
    booked, client, alice, settings
):
    # The sessions are in the cache too now (cached_db): the login and the marker sit in one
    # entry. The entry that leads to the booking is still keyed with the secret key, so the
    # cache alone (keys and values, as Redis's administrator sees them) connects nothing.
    import hashlib
    import pickle

    booking, code, _token, _later = booked
    client.force_login(alice)
    client.post(MANAGE, {"code": code})
    marker = client.session[access.OPEN_MANAGE_MARKER]
    entries = {key: pickle.loads(value) for key, value in cache._cache.items()}
    session_entries = [v for v in entries.values() if isinstance(v, dict) and v.get("_auth_user_id") == str(alice.pk)]
    assert session_entries and session_entries[0][access.OPEN_MANAGE_MARKER] == marker  # the login and the marker
    (leading,) = [key for key, value in entries.items() if value == booking.manage_code_hash]
    for guess in (
        marker,
        hashlib.sha256(marker.encode()).hexdigest(),
        hashlib.sha256(marker.encode()).hexdigest()[:32],
    ):
        assert guess not in leading
    assert leading.endswith(access._open_manage_key(marker))
    settings.SECRET_KEY = "another-secret-key-of-sufficient-length-for-the-test-0123456789"
    assert not leading.endswith(access._open_manage_key(marker))  # without the key: no way from one to the other
