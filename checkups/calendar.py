"""iCalendar (RFC 5545) invitations for appointments, made with the `icalendar` library.

Discreet by design, because calendars are shared, synced to phones and shown to
assistants: the summary is just "Appointment", the event is CLASS:PRIVATE, the organiser
is the portal's own no-reply address (never the psychologist, whose name says what kind
of appointment it is), the location says only "Details in the portal" (no video room,
whose link carries the psychologist's name, and no address of a practice), and the
description links to the portal's front page. Where and with whom stay in the portal.
The UID stays the same for the life of an appointment (a moved one keeps it), and every
change raises SEQUENCE, so calendar programs update or remove the one event instead of
adding a second.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import ics

from .models import Booking

PRODID = "-//Wellbeing portal//Appointments//EN"


def invitation_ics(booking: Booking, *, method: str = "REQUEST", language: str | None = None) -> str:
    """The calendar file for `booking`. `method` is REQUEST, CANCEL or PUBLISH (a plain download)."""
    language = language or (booking.employee.language if booking.employee_id else settings.LANGUAGE_CODE)
    with translation.override(language):
        return ics.event_ics(
            prodid=PRODID,
            # Kept as it always was: a new UID would orphan the events already in people's
            # calendars, and calendar programs do not show it.
            uid=f"{booking.uid}@checkups.wellbeing",
            sequence=booking.sequence,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            summary=_("Appointment"),
            location=_("Details in the portal"),
            reader=booking.employee if booking.employee_id else None,
            method=method,
        )


def invitation_attachment(booking: Booking, *, method: str = "REQUEST") -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return ics.attachment(invitation_ics(booking, method=method), method=method)
