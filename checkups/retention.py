"""Retention rules for check-ups records (applied by the daily retention task)."""

import datetime as dt

from core.retention import retention_rule

# Session notes are working notes, not a medical file: kept for a year after the talk.
NOTE_DAYS = 365
# Bookings (and what hangs off them) two years after the appointment; deployments two years after they end.
BOOKING_DAYS = 730
SLOT_DAYS = 90


@retention_rule("checkups.session_notes")
def delete_old_notes(now) -> int:
    from .models import SessionNote

    deleted, _ = SessionNote.objects.filter(booking__starts_at__lt=now - dt.timedelta(days=NOTE_DAYS)).delete()
    return deleted


@retention_rule("checkups.bookings")
def delete_old_bookings(now) -> int:
    from .models import Booking, Deployment, Slot, WaitListEntry

    cutoff = now - dt.timedelta(days=BOOKING_DAYS)
    Booking.objects.filter(starts_at__lt=cutoff, rescheduled_from__isnull=False).update(rescheduled_from=None)
    Booking.objects.filter(follow_up_of__starts_at__lt=cutoff).update(follow_up_of=None)
    deleted, _ = Booking.objects.filter(starts_at__lt=cutoff).delete()
    more, _ = Deployment.objects.filter(ends_on__lt=(cutoff).date()).delete()
    waits, _ = WaitListEntry.objects.filter(created_at__lt=cutoff).delete()
    slots, _ = Slot.objects.filter(starts_at__lt=now - dt.timedelta(days=SLOT_DAYS), bookings__isnull=True).delete()
    return deleted + more + waits + slots
