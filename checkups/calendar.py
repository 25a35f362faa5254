"""iCalendar (RFC 5545) invitations for appointments, made with the `icalendar` library.

Discreet by design: the summary is just "Appointment", the event is CLASS:PRIVATE, and
the description names no kind of care. The UID stays the same for the life of an
appointment (a moved one keeps it), and every change raises SEQUENCE, so calendar
programs update or remove the one event instead of adding a second.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking, Mode

PRODID = "-//Wellbeing portal//Check-ups//EN"


def _address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
    return address


def booking_location_text(booking: Booking) -> str:
    if booking.mode == Mode.VIDEO:
        return booking.psychologist.video_link or _("Video call (the link follows)")
    if booking.mode == Mode.PHONE:
        return _("By phone: you will be called")
    if booking.location is not None:
        return ", ".join(part for part in (booking.location.name, booking.location.address) if part)
    return ""


def invitation_ics(booking: Booking, *, method: str = "REQUEST", language: str | None = None) -> str:
    """The calendar file for `booking`. `method` is REQUEST, CANCEL or PUBLISH (a plain download)."""
    language = language or (booking.employee.language if booking.employee_id else settings.LANGUAGE_CODE)
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)
        event = Event()
        event.add("uid", f"{booking.uid}@checkups.wellbeing")
        event.add("sequence", booking.sequence)
        event.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
        event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
        event.add("dtend", booking.ends_at.astimezone(dt.UTC))
        event.add("summary", _("Appointment"))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        location = booking_location_text(booking)
        if location:
            event.add("location", location)
        if booking.mode == Mode.VIDEO and booking.psychologist.video_link:
            event.add("url", booking.psychologist.video_link)
        event.add(
            "description",
            _("Details and changes: %(url)s") % {"url": settings.PORTAL_BASE_URL + reverse("checkups:my_appointments")},
        )
        psychologist_user = booking.psychologist.user
        event.add("organizer", _address(psychologist_user.email, psychologist_user.get_full_name()))
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
