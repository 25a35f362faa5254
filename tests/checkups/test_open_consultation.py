"""The open consultation: booked without a name, managed with a secret link or a code."""

import pytest
from django.test import Client
from django.urls import reverse

from checkups import services
from checkups.models import Booking
from core.errors import DomainError
from notifications.models import OutboxMessage


def _open_book(client, open_type, slot, alias="Robin"):
    return client.post(reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": alias})


def test_an_open_consultation_stores_no_person_and_shows_the_secret_once(alice, make_slot, open_type, client):
    slot = make_slot(days=3)
    client.force_login(alice)  # even when logged in, nothing links the booking to her
    response = _open_book(client, open_type, slot)
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert booking.employee is None and booking.alias == "Robin"
    code = response.context["code"]
    token = response.context["manage_url"].split("?t=")[1]
    assert token not in booking.manage_token_hash and code.replace("-", "") not in booking.manage_code_hash
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not OutboxMessage.objects.filter(recipient=alice).exists()
    client.logout()
    by_link = client.get(reverse("checkups:open_manage") + f"?t={token}")
    assert by_link.status_code == 302 and by_link["Location"] == reverse("checkups:open_manage")
    manage = client.get(by_link["Location"])
    assert manage.status_code == 200 and manage.context["booking"] == booking
    assert "no-store" in manage["Cache-Control"]
    other_device = Client()
    by_code = other_device.post(reverse("checkups:open_manage"), {"code": code.lower()})
    assert by_code.status_code == 302 and by_code["Location"] == reverse("checkups:open_manage")
    assert other_device.get(by_code["Location"]).context["booking"] == booking
    other_device.post(reverse("checkups:open_cancel"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_wrong_secret_answers_404_or_a_message(db, client):
    assert client.get(reverse("checkups:open_manage") + "?t=nope").status_code == 404
    response = client.post(reverse("checkups:open_manage"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200 and b"do not know this code" in response.content


def test_a_named_type_cannot_be_booked_anonymously(make_slot, checkup, client):
    slot = make_slot()
    assert client.get(reverse("checkups:open_slots", args=[checkup.slug])).status_code == 404
    with pytest.raises(DomainError):
        services.open_consultation_book(slot=slot, appointment_type=checkup, alias="X")


def test_an_open_consultation_is_moved_with_the_code_and_keeps_its_link(make_slot, open_type, client):
    first, later = make_slot(days=3), make_slot(days=6)
    response = _open_book(client, open_type, first)
    code, token = response.context["code"], response.context["manage_url"].split("?t=")[1]
    client.post(reverse("checkups:open_manage"), {"code": code})
    week = client.get(reverse("checkups:open_move"))
    assert week.status_code == 200
    confirm_url = reverse("checkups:open_move_confirm", args=[later.pk])
    assert f'href="{confirm_url}"' in week.content.decode()
    assert client.get(confirm_url).status_code == 200
    done = client.post(confirm_url, {"slot": later.pk})
    assert done.status_code == 302 and done["Location"] == reverse("checkups:open_manage")
    assert client.get(done["Location"]).context["booking"].slot == later
    assert services.open_booking_for_secret(token=token).slot == later
    assert services.open_booking_for_secret(code=code).slot == later
    assert client.get(reverse("checkups:open_manage") + "?t=wrong").status_code == 404
