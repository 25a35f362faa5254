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

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking

PRODID = "-//Wellbeing portal//Appointments//EN"


def _address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
    return address


def _portal_organiser() -> vCalAddress:
    """The portal's own sender (DEFAULT_FROM_EMAIL), e.g. "Wellbeing portal <no-reply@...>"."""
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return _address(email or "no-reply@localhost", name)


def invitation_ics(booking: Booking, *, method: str = "REQUEST", language: str | None = None) -> str:
    """The calendar file for `booking`. `method` is REQUEST, CANCEL or PUBLISH (a plain download)."""
    language = language or (booking.employee.language if booking.employee_id else settings.LANGUAGE_CODE)
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)
        event = Event()
        # Kept as it always was: a new UID would orphan the events already in people's
        # calendars, and calendar programs do not show it.
        event.add("uid", f"{booking.uid}@checkups.wellbeing")
        event.add("sequence", booking.sequence)
        event.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
        event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
        event.add("dtend", booking.ends_at.astimezone(dt.UTC))
        event.add("summary", _("Appointment"))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        event.add("location", _("Details in the portal"))
        # The front page, not the appointments page: its path would name the kind of care.
        event.add("description", _("Details and changes: %(url)s") % {"url": settings.PORTAL_BASE_URL + "/"})
        event.add("organizer", _portal_organiser())
        if booking.employee_id and method != "PUBLISH":
            attendee = _address(booking.employee.email, booking.employee.get_full_name(), "REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "DECLINED")
            attendee.params["rsvp"] = vText("FALSE")
            event.add("attendee", attendee)
        if method == "CANCEL":
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
        return calendar.to_ical().decode("utf-8")


def invitation_attachment(booking: Booking, *, method: str = "REQUEST") -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return {
        "filename": "invite.ics" if method != "CANCEL" else "cancel.ics",
        "content": invitation_ics(booking, method=method),
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }
