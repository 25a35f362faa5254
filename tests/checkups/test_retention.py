"""Old notes and appointments are deleted on schedule."""

import datetime as dt

from django.utils import timezone

from checkups import services
from checkups.models import Booking


def test_retention_deletes_old_notes_and_bookings(alice, petra, make_slot, checkup):
    from checkups.retention import delete_old_bookings, delete_old_notes

    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    services.session_note_add(booking=booking, author=petra, text="x")
    later = timezone.now() + dt.timedelta(days=400)
    assert delete_old_notes(later) == 1 and delete_old_bookings(later) == 0 and Booking.objects.exists()
    delete_old_bookings(timezone.now() + dt.timedelta(days=800))
    assert not Booking.objects.exists()
