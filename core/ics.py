"""The one way the portal writes an iCalendar (RFC 5545) event, with the `icalendar` library.

Discreet by design, because calendars are shared, synced to phones and shown to assistants:
every event is CLASS:PRIVATE, its organiser is the portal's own no-reply address
(DEFAULT_FROM_EMAIL, never the professional, whose name or role says what kind of care it is),
the description links only to the portal's front page, and the only attendee named is the
reader. The UID stays the same for the life of the appointment, meeting or session and every
change raises SEQUENCE, so calendar programs update or remove the one event instead of adding
a second. What the summary and location say is each app's choice (`<app>/calendar.py`).
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

METHODS = ("REQUEST", "CANCEL", "PUBLISH")


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def portal_organiser() -> vCalAddress:
    """The portal's own sender, e.g. "Wellbeing portal <no-reply@...>"."""
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return _address(email or "no-reply@localhost", name)


def event_ics(
    *,
    prodid: str,
    uid: str,
    sequence: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    summary: str,
    location: str,
    reader=None,
    method: str = "REQUEST",
    now: dt.datetime | None = None,
) -> str:
    """One event as a calendar file. Call inside the reader's language (the description is
    translated here). `reader` (a user) is named as the one attendee, except in a PUBLISH
    (a plain download). `method`: REQUEST, CANCEL or PUBLISH."""
    if method not in METHODS:
        raise ValueError(f"unknown iCalendar method {method!r}")
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(dt.UTC).replace(microsecond=0))
    event.add("dtstart", starts_at.astimezone(dt.UTC))
    event.add("dtend", ends_at.astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    event.add("location", location)
    # The front page, never a page whose path would name the kind of care.
    event.add("description", _("Details and changes: %(url)s") % {"url": settings.PORTAL_BASE_URL + "/"})
    event.add("organizer", portal_organiser())
    if reader is not None and method != "PUBLISH":
        attendee = _address(reader.email, reader.get_full_name())
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "DECLINED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def attachment(content: str, *, method: str) -> dict:
    """A calendar file as an outbox attachment (JSON-serialisable)."""
    return {
        "filename": "cancel.ics" if method == "CANCEL" else "invite.ics",
        "content": content,
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }
