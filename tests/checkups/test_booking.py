import datetime as dt
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from checkups import services
from checkups.models import Booking, Slot
from core.errors import DomainError
from notifications.models import OutboxMessage


def _ics(message):
    return Calendar.from_ical(message.attachments[0]["content"])


def test_booking_writes_the_booking_the_confirmation_with_invitation_and_the_reminder(alice, make_slot, checkup):
    slot = make_slot(days=3)
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup, note="Night shifts")
    assert booking.status == Booking.Status.BOOKED
    assert booking.ends_at - booking.starts_at == dt.timedelta(minutes=checkup.duration_minutes)
    confirmation = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:confirmation:0").get()
    assert confirmation.recipient == alice
    calendar = _ics(confirmation)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Appointment"
    assert str(event["CLASS"]) == "PRIVATE"
    assert str(event["UID"]) == f"{booking.uid}@checkups.wellbeing"
    assert "no-reply@wellbeing.example" in str(event["ORGANIZER"])
    assert "alice@example.org" in str(event["ATTENDEE"])
    assert str(event["LOCATION"]) == "Details in the portal"
    assert "psycholog" not in confirmation.attachments[0]["content"].lower()
    reminder_key = f"appointment:{booking.pk}:reminder-24h:{booking.starts_at.isoformat()}"
    reminder = OutboxMessage.objects.with_key(reminder_key).get()
    assert reminder.due_at == booking.starts_at - dt.timedelta(hours=24)
    assert reminder.not_after == booking.starts_at
    assert OutboxMessage.objects.filter(recipient=booking.psychologist.user).count() == 1


def test_the_note_is_stored_encrypted(alice, make_slot, checkup):
    from django.db import connection

    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup, note="Night shifts")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkups_booking WHERE id = %s", [booking.pk])
        raw = cursor.fetchone()[0]
    assert "Night" not in raw
    assert Booking.objects.get(pk=booking.pk).note == "Night shifts"


@pytest.mark.parametrize(
    "case",
    ["past", "too_soon", "wrong_type", "cancelled_slot", "taken", "held_for_someone_else", "referral_only"],
)
def test_bad_bookings_are_refused_with_a_message_and_change_nothing(
    case, alice, charlie, make_slot, checkup, preventive
):
    appointment_type = checkup
    slot = make_slot(days=3)
    if case == "past":
        slot = make_slot(start=timezone.now() - dt.timedelta(days=1))
    elif case == "too_soon":
        slot = make_slot(start=timezone.now() + dt.timedelta(minutes=10))
    elif case == "wrong_type":
        slot = make_slot(days=4, types=[preventive])
    elif case == "cancelled_slot":
        Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.CANCELLED)
    elif case == "taken":
        services.booking_create(slot=slot, employee=charlie, appointment_type=checkup)
    elif case == "held_for_someone_else":
        Slot.objects.filter(pk=slot.pk).update(held_for=charlie, held_until=timezone.now() + dt.timedelta(hours=2))
    elif case == "referral_only":
        checkup.bookable_by = checkup.BookableBy.REFERRAL
        checkup.save()
    before = (Booking.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(DomainError) as error:
        services.booking_create(slot=slot, employee=alice, appointment_type=appointment_type)
    assert str(error.value.message)
    assert (Booking.objects.count(), OutboxMessage.objects.count()) == before


def test_a_referral_may_book_a_referral_only_type(alice, bob, make_slot, checkup):
    checkup.bookable_by = checkup.BookableBy.REFERRAL
    checkup.save()
    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup, referred_by=bob)
    assert booking.referred_by == bob


def test_an_employee_cannot_have_two_appointments_at_once(alice, make_slot, other_psychologist, checkup):
    services.booking_create(slot=make_slot(days=3, hour=10), employee=alice, appointment_type=checkup)
    other = make_slot(days=3, hour=10, psychologist=other_psychologist)
    with pytest.raises(DomainError):
        services.booking_create(slot=other, employee=alice, appointment_type=checkup)


def test_an_integrity_error_that_reaches_the_service_is_the_slot_taken_message(alice, make_slot, checkup):
    slot = make_slot()
    with mock.patch("checkups.services.booking.Booking.save", side_effect=IntegrityError("duplicate")):
        with pytest.raises(services.SlotTaken) as error:
            services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    assert error.value.message == services.SLOT_TAKEN_MESSAGE
    assert not Booking.objects.exists()


def test_the_database_refuses_a_second_active_booking_of_a_slot(alice, charlie, make_slot, checkup):
    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    with pytest.raises(IntegrityError):
        from django.db import transaction

        with transaction.atomic():
            Booking.objects.create(
                slot=booking.slot,
                psychologist=booking.psychologist,
                appointment_type=checkup,
                employee=charlie,
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                mode=booking.mode,
            )


def test_cancelling_withdraws_the_invitation_with_the_same_uid_and_a_higher_sequence(alice, make_slot, checkup):
    booking = services.booking_create(slot=make_slot(days=5), employee=alice, appointment_type=checkup)
    reminder_key = f"appointment:{booking.pk}:reminder-24h:{booking.starts_at.isoformat()}"
    services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert OutboxMessage.objects.with_key(reminder_key).get().status == OutboxMessage.Status.CANCELLED
    notice = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:cancelled:1").get()
    event = _ics(notice).walk("VEVENT")[0]
    assert _ics(notice)["METHOD"] == "CANCEL"
    assert str(event["UID"]) == f"{booking.uid}@checkups.wellbeing"
    assert event["SEQUENCE"] == 1
    assert (
        OutboxMessage.objects.with_key(f"appointment:{booking.pk}:cancelled-for-provider:1")
        .filter(recipient=booking.psychologist.user)
        .exists()
    )


def test_after_the_cut_off_the_employee_is_told_whom_to_call(alice, make_slot, checkup, settings):
    settings.CHECKUPS_CANCEL_CUTOFF_HOURS = 24
    slot = make_slot(start=timezone.now() + dt.timedelta(hours=5))
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    with pytest.raises(DomainError) as error:
        services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE)
    assert "050-555 0100" in str(error.value.message)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_rescheduling_keeps_the_uid_moves_the_reminder_and_frees_the_old_time(alice, make_slot, checkup):
    old_slot, new_slot = make_slot(days=3), make_slot(days=4)
    booking = services.booking_create(slot=old_slot, employee=alice, appointment_type=checkup)
    old_key = f"appointment:{booking.pk}:reminder-24h:{booking.starts_at.isoformat()}"
    moved = services.booking_reschedule(booking=booking, new_slot=new_slot)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == Booking.CancelledBy.RESCHEDULED
    assert moved.uid == booking.uid and moved.sequence == booking.sequence + 1
    assert OutboxMessage.objects.with_key(old_key).get().status == OutboxMessage.Status.CANCELLED
    assert (
        OutboxMessage.objects.with_key(f"appointment:{moved.pk}:reminder-24h:{moved.starts_at.isoformat()}")
        .filter(status="pending")
        .exists()
    )
    again = services.booking_create(slot=old_slot, employee=alice, appointment_type=checkup, note="")
    assert again.slot == old_slot


def test_a_reschedule_to_a_taken_time_leaves_the_old_appointment_as_it_was(alice, charlie, make_slot, checkup):
    old_slot, wanted = make_slot(days=3), make_slot(days=4)
    booking = services.booking_create(slot=old_slot, employee=alice, appointment_type=checkup)
    services.booking_create(slot=wanted, employee=charlie, appointment_type=checkup)
    with pytest.raises(services.SlotTaken):
        services.booking_reschedule(booking=booking, new_slot=wanted)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_the_reminder_scan_twice_makes_one_row_and_dispatch_twice_sends_one_mail(alice, make_slot, checkup, mailoutbox):
    slot = make_slot(start=timezone.now() + dt.timedelta(hours=30))
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    services.reminders_schedule()
    services.reminders_schedule()
    key = f"appointment:{booking.pk}:reminder-24h:{booking.starts_at.isoformat()}"
    assert OutboxMessage.objects.with_key(key).count() == 1
    from notifications.services import messages_dispatch

    later = booking.starts_at - dt.timedelta(hours=23)
    messages_dispatch(now=later)
    messages_dispatch(now=later)
    reminders = [m for m in mailoutbox if "appointment on" in m.subject.lower() and "cancel" not in m.subject.lower()]
    subjects = [m.subject for m in mailoutbox]
    assert sum(1 for s in subjects if s.startswith("Your appointment on")) == 2  # confirmation + reminder, once each
    assert reminders
    for message in mailoutbox:
        text = (message.subject + message.body).lower()
        assert "psycholog" not in text and "check-up" not in text


def test_the_psychologist_marks_outcomes_only_after_the_start(alice, make_slot, checkup):
    booking = services.booking_create(slot=make_slot(days=2), employee=alice, appointment_type=checkup)
    with pytest.raises(DomainError):
        services.booking_mark(booking=booking, outcome=Booking.Status.COMPLETED)
    services.booking_mark(
        booking=booking, outcome=Booking.Status.NO_SHOW, now=booking.starts_at + dt.timedelta(minutes=5)
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_a_follow_up_is_booked_for_the_same_person_or_suggested(alice, make_slot, checkup):
    first = services.booking_create(slot=make_slot(days=2), employee=alice, appointment_type=checkup)
    second = services.follow_up_book(booking=first, slot=make_slot(days=9), appointment_type=checkup)
    assert second.employee == alice and second.follow_up_of == first
    message = services.follow_up_suggest(booking=first, appointment_type=checkup)
    # The link names neither the psychologist nor the kind of talk; the portal finds both.
    assert message.recipient == alice and message.context["book_path"] == reverse(
        "checkups:follow_up_next", args=[first.pk, checkup.pk]
    )


def test_a_deadlock_that_reaches_the_service_is_the_slot_taken_message(alice, make_slot, checkup):
    class Deadlock(Exception):
        pgcode = "40P01"

    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlock()
    with mock.patch("checkups.services.booking.Booking.save", side_effect=error):
        with pytest.raises(services.SlotTaken):
            services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    other = OperationalError("disk full")
    with mock.patch("checkups.services.booking.Booking.save", side_effect=other):
        with pytest.raises(OperationalError):  # anything else is not dressed up as a lost race
            services.booking_create(slot=make_slot(days=4), employee=alice, appointment_type=checkup)


def test_an_employee_books_in_two_taps_and_sees_it_under_my_appointments(alice, make_slot, checkup, client):
    slot = make_slot(days=3)
    client.force_login(alice)
    week = client.get(reverse("checkups:slots", args=[checkup.slug]))
    book_url = reverse("checkups:book", args=[checkup.slug, slot.pk])
    assert book_url in week.content.decode()
    page = client.get(book_url)
    assert b"privacy-note" in page.content
    response = client.post(book_url, {"slot": slot.pk, "note": ""})
    booking = Booking.objects.get(employee=alice)
    assert response["Location"] == reverse("checkups:confirmed", args=[booking.pk])
    assert client.get(response["Location"]).status_code == 200
    listing = client.get(reverse("checkups:my_appointments")).content.decode()
    assert reverse("checkups:cancel", args=[booking.pk]) in listing
    ics = client.get(reverse("checkups:invitation", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"CLASS:PRIVATE" in ics.content


def test_a_tampered_slot_in_the_form_is_refused_without_change(alice, make_slot, other_psychologist, checkup, client):
    slot = make_slot(days=3)
    other = make_slot(days=5, psychologist=other_psychologist)
    client.force_login(alice)
    response = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": other.pk})
    assert response.status_code == 200 and b"alert-danger" in response.content
    assert not Booking.objects.exists()


def test_booking_a_taken_time_shows_the_clear_message(alice, charlie, make_slot, checkup, client):
    slot = make_slot(days=3)
    services.booking_create(slot=slot, employee=charlie, appointment_type=checkup)
    client.force_login(alice)
    response = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": slot.pk}, follow=True)
    assert str(services.SLOT_TAKEN_MESSAGE) in response.content.decode()
    assert Booking.objects.count() == 1


def test_the_employee_cancels_and_the_psychologists_agenda_no_longer_shows_it_as_booked(
    alices_booking, alice, petra, client
):
    client.force_login(alice)
    client.post(reverse("checkups:cancel", args=[alices_booking.pk]))
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.CANCELLED
