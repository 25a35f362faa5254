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

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import ics

from .models import GroupMeeting

PRODID = "-//Wellbeing portal//Meetings//EN"


def meeting_ics(meeting: GroupMeeting, *, reader, method: str = "REQUEST", now=None) -> str:
    """The calendar file of `meeting` for `reader`, in their language. `method`: REQUEST or CANCEL."""
    with translation.override(reader.language or settings.LANGUAGE_CODE):
        return ics.event_ics(
            prodid=PRODID,
            uid=f"{meeting.uid}@meetings.wellbeing",
            sequence=meeting.sequence,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=_("Meeting"),
            location=meeting.place,
            reader=reader,
            method=method,
            now=now,
        )


def meeting_attachment(meeting: GroupMeeting, *, reader, method: str = "REQUEST", now=None) -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return ics.attachment(meeting_ics(meeting, reader=reader, method=method, now=now), method=method)
