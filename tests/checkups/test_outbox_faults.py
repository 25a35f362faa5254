"""Faults around appointment reminders (issue 16): a worker killed in the middle of a batch
sends its claimed reminders after the lease, at most once more each, and never the reminder of
an appointment cancelled or moved meanwhile at its old time. See also
tests/notifications/test_faults.py."""

import datetime as dt
from collections import Counter
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from checkups import services
from checkups.models import Booking
from checkups.services.messages import reminder_key
from notifications.email import message_id
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch


class Killed(BaseException):
    """The worker process is killed: nothing after this line of it runs."""


def reminder_row(booking) -> OutboxMessage:
    return OutboxMessage.objects.with_key(reminder_key(booking)).get()


def sent_count(row) -> int:
    return Counter(email.extra_headers.get("Message-ID") for email in mail.outbox)[message_id(row)]


@pytest.fixture
def three_appointments(alice, bob, charlie, make_slot, checkup):
    bookings = [
        services.booking_create(slot=make_slot(days=3, hour=hour), employee=person, appointment_type=checkup)
        for hour, person in [(9, alice), (10, bob), (11, charlie)]
    ]
    # The confirmations and the psychologist's notices go first, as they would.
    while messages_dispatch().claimed:
        pass
    mail.outbox.clear()
    return bookings


def test_a_killed_worker_sends_its_reminders_after_the_lease_and_never_one_for_a_changed_appointment(
    three_appointments, make_slot, settings
):
    kept, cancelled, moved = three_appointments
    reminders = [reminder_row(booking) for booking in three_appointments]
    at = moved.starts_at - dt.timedelta(hours=24)  # all three reminders are due
    real_send = LocmemBackend.send_messages

    def send_then_die(backend, messages):
        real_send(backend, messages)
        raise Killed  # the first reminder left; the worker dies before marking anything

    with mock.patch.object(LocmemBackend, "send_messages", send_then_die), pytest.raises(Killed):
        messages_dispatch(now=at)
    assert [sent_count(row) for row in reminders] == [1, 0, 0]

    # While the dead worker's claim still holds, one appointment is cancelled, one moved.
    services.booking_cancel(booking=cancelled, by=Booking.CancelledBy.PSYCHOLOGIST, now=at + dt.timedelta(seconds=5))
    new_time = services.booking_reschedule(
        booking=moved, new_slot=make_slot(days=5, hour=11), by=Booking.CancelledBy.PSYCHOLOGIST, now=at
    )
    after_lease = at + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    while messages_dispatch(now=after_lease).claimed:
        pass
    assert sent_count(reminders[0]) == 2  # once more, at most, with the same Message-ID
    assert sent_count(reminders[1]) == 0  # cancelled: never
    assert sent_count(reminders[2]) == 0  # moved: never at the old time
    for row in reminders[1:]:
        row.refresh_from_db()
        assert row.status == OutboxMessage.Status.CANCELLED

    new_reminder = reminder_row(new_time)
    assert new_reminder.due_at == new_time.starts_at - dt.timedelta(hours=24)
    messages_dispatch(now=new_reminder.due_at)
    assert sent_count(new_reminder) == 1
    assert sent_count(reminders[2]) == 0


def test_an_appointment_cancelled_while_a_worker_sends_its_batch_gets_no_reminder(three_appointments):
    kept, cancelled, _moved = three_appointments
    at = cancelled.starts_at - dt.timedelta(hours=24)
    real_send = LocmemBackend.send_messages

    def send_and_meanwhile_cancel(backend, messages):
        if not mail.outbox:  # while the first reminder is on the wire
            services.booking_cancel(booking=cancelled, by=Booking.CancelledBy.PSYCHOLOGIST, now=at)
        return real_send(backend, messages)

    with (
        mock.patch("notifications.services.SEND_CHUNK", 1),
        mock.patch.object(LocmemBackend, "send_messages", send_and_meanwhile_cancel),
    ):
        messages_dispatch(now=at)
    assert sent_count(reminder_row(kept)) == 1
    assert sent_count(reminder_row(cancelled)) == 0
