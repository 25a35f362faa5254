"""iCalendar (RFC 5545) invitations for training sessions, made with the `icalendar` library.

In the style of the check-ups' and meetings' files (`checkups/calendar.py`,
`peer_support/calendar.py`): CLASS:PRIVATE, the organiser is the portal's own no-reply
address, the only attendee named is the reader. A training is part of the job, not care, so
the summary is the course's title in the reader's language and the location is where to go
(the place, or the video link). The UID stays the same for the life of the session; every
move or cancellation raises SEQUENCE, so calendar programs update or remove the one event.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import ics
from core.i18n import localised

from .models import Session

PRODID = "-//Wellbeing portal//Trainings//EN"


def session_ics(session: Session, *, reader, method: str = "REQUEST", now=None) -> str:
    """The calendar file of `session` for `reader`. `method`: REQUEST, CANCEL or PUBLISH (a download)."""
    language = getattr(reader, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return ics.event_ics(
            prodid=PRODID,
            uid=f"{session.uid}@trainings.wellbeing",
            sequence=session.sequence,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=localised(session.course, "title", language),
            location=session.place or session.video_link or _("Details in the portal"),
            reader=reader,
            method=method,
            now=now,
        )


def session_attachment(session: Session, *, reader, method: str = "REQUEST", now=None) -> dict:
    """The invitation as an outbox attachment (JSON-serialisable)."""
    return ics.attachment(session_ics(session, reader=reader, method=method, now=now), method=method)
