"""The psychologist's agenda: by day or by week, and the outcome of each talk."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking


def test_the_agenda_has_a_day_and_a_week_view(alice, petra, make_slot, checkup, client, open_type):
    named = services.booking_create(slot=make_slot(days=2, hour=10), employee=alice, appointment_type=checkup)
    anonymous = services.open_consultation_book(
        slot=make_slot(days=2, hour=12), appointment_type=open_type, alias="Robin"
    )
    client.force_login(petra)
    day = timezone.localdate(named.starts_at).isoformat()
    page = client.get(reverse("checkups:agenda") + f"?view=day&date={day}").content.decode()
    assert "Alice" in page and "Robin" in page
    assert reverse("checkups:agenda_booking", args=[anonymous.booking.pk]) in page
    week = client.get(reverse("checkups:agenda") + f"?view=week&date={day}")
    assert week.status_code == 200 and "Alice" in week.content.decode()
    assert client.get(reverse("checkups:agenda") + "?date=garbage").status_code == 200


def test_the_psychologist_records_the_outcome_after_the_start(alices_booking, petra, client):
    import time_machine

    with time_machine.travel(alices_booking.starts_at + dt.timedelta(minutes=10)):
        client.force_login(petra)
        client.post(reverse("checkups:agenda_mark", args=[alices_booking.pk]), {"outcome": "completed"})
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.COMPLETED


def _post(client, name, booking, data) -> tuple[str, list[str]]:
    """Where the action went, and what the page there said (the messages are read on it)."""
    response = client.post(reverse(name, args=[booking.pk]), data, follow=True)
    return response.redirect_chain[-1][0], [str(message) for message in response.context["messages"]]


def test_the_psychologist_is_told_when_an_outcome_note_or_next_talk_cannot_be_saved(alices_booking, petra, client):
    client.force_login(petra)
    page = reverse("checkups:agenda_booking", args=[alices_booking.pk])
    too_soon = _post(client, "checkups:agenda_mark", alices_booking, {"outcome": "completed"})
    assert too_soon == (page, ["You can record this once the appointment has started."])
    nonsense = _post(client, "checkups:agenda_mark", alices_booking, {"outcome": "maybe"})
    assert nonsense == (page, ["Choose whether the talk took place."])
    assert _post(client, "checkups:agenda_note", alices_booking, {"text": ""}) == (page, ["The note is empty."])
    no_time = _post(
        client,
        "checkups:agenda_follow_up",
        alices_booking,
        {"action": "book", "appointment_type": alices_booking.appointment_type_id},
    )
    assert no_time == (page, ["Choose a time to book."])
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.BOOKED and not alices_booking.notes.exists()
