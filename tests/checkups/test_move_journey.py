"""Moving a named appointment, walked from the appointment's own page as the employee does it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking
from checkups.selectors import free_slots
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch


def _hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]+)"', response.content.decode())


@pytest.fixture
def alices_booking(alice, make_slot, checkup):
    return services.booking_create(slot=make_slot(days=3, hour=10), employee=alice, appointment_type=checkup)


def test_an_employee_moves_her_appointment_from_its_page_and_everyone_is_told_once(
    alice, alices_booking, make_slot, checkup, client, mailoutbox
):
    new_slot = make_slot(days=4, hour=11)
    old_slot = alices_booking.slot
    old_reminder = OutboxMessage.objects.with_key(services.booking.messages.reminder_key(alices_booking)).get()
    client.force_login(alice)

    listing = client.get(reverse("checkups:my_appointments"))
    move_url = reverse("checkups:reschedule", args=[alices_booking.pk])
    assert move_url in _hrefs(listing)

    week = client.get(move_url)
    assert week.status_code == 200
    assert "Choose a new time" in week.content.decode()
    confirm_url = reverse("checkups:reschedule_confirm", args=[alices_booking.pk, new_slot.pk])
    assert confirm_url in _hrefs(week)
    # The time she has is not offered to her again.
    assert reverse("checkups:reschedule_confirm", args=[alices_booking.pk, old_slot.pk]) not in _hrefs(week)

    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert "Move your appointment" in confirm.content.decode()

    done = client.post(confirm_url, {"slot": new_slot.pk})
    moved = Booking.objects.get(employee=alice, status=Booking.Status.BOOKED)
    assert done.status_code == 302 and done["Location"] == reverse("checkups:confirmed", args=[moved.pk])
    page = client.get(done["Location"]).content.decode()
    assert "Your appointment is moved" in page
    assert moved.slot == new_slot and moved.uid == alices_booking.uid and moved.sequence == 1

    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.CANCELLED
    assert alices_booking.cancelled_by == Booking.CancelledBy.RESCHEDULED
    listing = client.get(reverse("checkups:my_appointments"))
    assert reverse("checkups:reschedule", args=[moved.pk]) in _hrefs(listing)
    assert reverse("checkups:reschedule", args=[alices_booking.pk]) not in _hrefs(listing)

    # The old time is free again, for anyone.
    assert free_slots(appointment_type=checkup).filter(pk=old_slot.pk).exists()

    # The outbox: a "moved" confirmation with the calendar update for her, the new time and the
    # withdrawn old one for the psychologist, the reminder moved, and no cancellation for her.
    confirmation = OutboxMessage.objects.with_key(f"appointment:{moved.pk}:confirmation:1").get()
    assert confirmation.recipient == alice and confirmation.context["moved"] is True
    assert "SEQUENCE:1" in confirmation.attachments[0]["content"]
    assert "METHOD:REQUEST" in confirmation.attachments[0]["content"]
    assert OutboxMessage.objects.with_key(f"appointment:{moved.pk}:new-for-provider").get().context["moved"]
    assert OutboxMessage.objects.with_key(f"appointment:{alices_booking.pk}:cancelled-for-provider:0").exists()
    assert not OutboxMessage.objects.with_key_prefix(f"appointment:{alices_booking.pk}:cancelled:").exists()
    old_reminder.refresh_from_db()
    assert old_reminder.status == OutboxMessage.Status.CANCELLED
    new_reminder = OutboxMessage.objects.with_key(services.booking.messages.reminder_key(moved)).get()
    assert new_reminder.status == OutboxMessage.Status.PENDING

    mailoutbox.clear()
    messages_dispatch()
    to_alice = [m for m in mailoutbox if m.to == ["alice@example.org"]]
    assert [m.subject.split(" to ")[0] for m in to_alice] == ["Your appointment is moved"]
    to_petra = sorted(m.subject.split(" on ")[0] for m in mailoutbox if m.to == ["petra@example.org"])
    assert to_petra == ["Appointment", "New appointment"]


def test_moving_is_refused_politely_when_the_new_time_was_just_taken(
    alice, charlie, alices_booking, make_slot, checkup, client
):
    wanted = make_slot(days=4, hour=11)
    client.force_login(alice)
    confirm_url = reverse("checkups:reschedule_confirm", args=[alices_booking.pk, wanted.pk])
    assert client.get(confirm_url).status_code == 200
    services.booking_create(slot=wanted, employee=charlie, appointment_type=checkup)
    response = client.post(confirm_url, {"slot": wanted.pk}, follow=True)
    assert str(services.SLOT_TAKEN_MESSAGE) in response.content.decode()
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.BOOKED


def test_the_page_to_move_an_appointment_shows_its_current_time(alices_booking, client, alice):
    """It answered 500: the template read the open consultation's time as a filter argument."""
    client.force_login(alice)
    response = client.get(reverse("checkups:reschedule", args=[alices_booking.pk]))
    assert response.status_code == 200
    when = timezone.localtime(alices_booking.starts_at).strftime("%H:%M")
    assert "Your appointment is now on" in response.content.decode() and when in response.content.decode()
