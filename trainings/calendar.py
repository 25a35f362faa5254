"""iCalendar (RFC 5545) invitations for training sessions, made with the `icalendar` library.

In the style of the check-ups' and meetings' files (`checkups/calendar.py`,
`peer_support/calendar.py`): CLASS:PRIVATE, the organiser is the portal's own no-reply
address, the only attendee named is the reader. A training is part of the job, not care, so
the summary is the course's title in the reader's language and the location is where to go
(the place, or the video link). The UID stays the same for the life of the session; every
move or cancellation raises SEQUENCE, so calendar programs update or remove the one event.
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from core.i18n import localised

from .models import Session

PRODID = "-//Wellbeing portal//Trainings//EN"


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def session_ics(session: Session, *, reader, method: str = "REQUEST", now=None) -> str:
    """The calendar file of `session` for `reader`. `method`: REQUEST, CANCEL or PUBLISH (a download)."""
    now = now or timezone.now()
    language = getattr(reader, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", method)
        event = Event()
        event.add("uid", f"{session.uid}@trainings.wellbeing")
        event.add("sequence", session.sequence)
        event.add("dtstamp", now.astimezone(dt.UTC).replace(microsecond=0))
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", session.ends_at.astimezone(dt.UTC))
        event.add("summary", localised(session.course, "title", language))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        event.add("location", session.place or session.video_link or _("Details in the portal"))
        event.add("description", _("Details and changes: %(url)s") % {"url": settings.PORTAL_BASE_URL + "/"})
        name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
        event.add("organizer", _address(email or "no-reply@localhost", name))
        if method != "PUBLISH":
            attendee = _address(reader.email, reader.get_full_name())
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "DECLINED")
            attendee.params["rsvp"] = vText("FALSE")
            event.add("attendee", attendee)
        event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        calendar.add_component(event)
        return calendar.to_ical().decode("utf-8")


def session_attachment(session: Session, *, reader, method: str = "REQUEST", now=None) -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return {
        "filename": "cancel.ics" if method == "CANCEL" else "invite.ics",
        "content": session_ics(session, reader=reader, method=method, now=now),
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }
