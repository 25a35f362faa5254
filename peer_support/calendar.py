"""iCalendar (RFC 5545) invitations for group meetings after an incident.

Discreet, as the check-ups' invitations are (`checkups/calendar.py`): calendars are shared
and synced to phones, so the summary is just "Meeting" in the reader's language, the event
is CLASS:PRIVATE, the organiser is the portal's own no-reply address (never the leader, whose
role says what kind of meeting it is), and nothing says debriefing, defusing or incident. The
location is the place typed when the meeting was planned: people must know where to go. The
only attendee named is the reader, so nobody learns from the file who else was involved.

The UID stays the same for the life of a meeting; every move or cancellation raises
SEQUENCE, so calendar programs update or remove the one event instead of adding a second.
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import GroupMeeting

PRODID = "-//Wellbeing portal//Meetings//EN"


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def meeting_ics(meeting: GroupMeeting, *, reader, method: str = "REQUEST", now=None) -> str:
    """The calendar file of `meeting` for `reader`, in their language. `method`: REQUEST or CANCEL."""
    now = now or timezone.now()
    with translation.override(reader.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)
        event = Event()
        event.add("uid", f"{meeting.uid}@meetings.wellbeing")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", now.astimezone(dt.UTC).replace(microsecond=0))
        event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
        event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
        event.add("summary", _("Meeting"))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        event.add("location", meeting.place)
        event.add("description", _("Details and changes: %(url)s") % {"url": settings.PORTAL_BASE_URL + "/"})
        name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
        event.add("organizer", _address(email or "no-reply@localhost", name))
        attendee = _address(reader.email, reader.get_full_name())
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "DECLINED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
        event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        calendar.add_component(event)
        return calendar.to_ical().decode("utf-8")


def meeting_attachment(meeting: GroupMeeting, *, reader, method: str = "REQUEST", now=None) -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return {
        "filename": "cancel.ics" if method == "CANCEL" else "invite.ics",
        "content": meeting_ics(meeting, reader=reader, method=method, now=now),
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }
