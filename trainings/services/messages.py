"""Every e-mail of the trainings app goes through the outbox.

Contexts carry ISO times, the session's time zone and the course title in the recipient's
language; the templates format times in the session's own zone and name it. Keys are per
enrolment (`training-enrolment:<id>:...`), so cancelling one person's place cancels what
was still pending for them, and a moved session gets a reminder per start time.
"""

import datetime as dt

from django.urls import reverse

from core.i18n import localised
from notifications.services import message_cancel, message_schedule, messages_cancel_prefix

from ..calendar import session_attachment
from ..models import Enrolment, Session

REMINDER_BEFORE = dt.timedelta(hours=24)


def _prefix(enrolment: Enrolment) -> str:
    return f"training-enrolment:{enrolment.pk}:"


def _context(session: Session, user) -> dict:
    return {
        "title": localised(session.course, "title", user.language),
        "starts_at": session.starts_at.isoformat(),
        "time_zone": session.time_zone,
        "place": session.place,
        "video_link": session.video_link,
        "mine_path": reverse("trainings:mine"),
    }


def reminder_key(enrolment: Enrolment, session: Session) -> str:
    return f"{_prefix(enrolment)}reminder:{session.starts_at.astimezone(dt.UTC).isoformat()}"


def enrolment_reminder_schedule(*, enrolment: Enrolment, now: dt.datetime):
    """The reminder the day before; a session booked later than that gets none."""
    session = enrolment.session
    due_at = session.starts_at - REMINDER_BEFORE
    if enrolment.status != Enrolment.Status.ENROLLED or session.is_cancelled or due_at <= now:
        return None
    return message_schedule(
        key=reminder_key(enrolment, session),
        template="trainings_reminder",
        recipient=enrolment.user,
        due_at=due_at,
        not_after=session.starts_at,
        context=_context(session, enrolment.user),
    )


def enrolment_confirmation_schedule(*, enrolment: Enrolment, now: dt.datetime) -> None:
    session = enrolment.session
    message_schedule(
        key=f"{_prefix(enrolment)}confirmation:{session.sequence}",
        template="trainings_confirmation",
        recipient=enrolment.user,
        due_at=now,
        not_after=session.starts_at,
        urgent=True,  # the answer to what they just did
        context=_context(session, enrolment.user),
        attachments=[session_attachment(session, reader=enrolment.user, method="REQUEST", now=now)],
    )
    enrolment_reminder_schedule(enrolment=enrolment, now=now)


def enrolment_cancelled_schedule(*, enrolment: Enrolment, now: dt.datetime, by_organiser: bool) -> None:
    """Cancel what was pending for this place; a seat's calendar event is removed (METHOD:CANCEL)."""
    messages_cancel_prefix(prefix=_prefix(enrolment))
    in_calendar = enrolment.status == Enrolment.Status.ENROLLED
    if not in_calendar and not by_organiser:
        return  # leaving the wait list or an offer: nothing was in their calendar
    session = enrolment.session
    message_schedule(
        key=f"{_prefix(enrolment)}cancelled:{session.sequence}",
        template="trainings_cancelled",
        recipient=enrolment.user,
        due_at=now,
        urgent=by_organiser,
        context={**_context(session, enrolment.user), "by_organiser": by_organiser},
        attachments=[session_attachment(session, reader=enrolment.user, method="CANCEL", now=now)]
        if in_calendar
        else [],
    )


def offer_schedule(*, enrolment: Enrolment, now: dt.datetime):
    session = enrolment.session
    return message_schedule(
        key=f"{_prefix(enrolment)}offer:{enrolment.offer_expires_at.astimezone(dt.UTC).isoformat()}",
        template="trainings_offer",
        recipient=enrolment.user,
        due_at=now,
        not_after=enrolment.offer_expires_at,
        urgent=True,  # the offer runs out: quiet hours would eat it
        context={**_context(session, enrolment.user), "expires_at": enrolment.offer_expires_at.isoformat()},
    )


def offer_moved_schedule(*, enrolment: Enrolment, now: dt.datetime):
    """The offer again, for the session's new time or place; an offer that has closed: nothing."""
    messages_cancel_prefix(prefix=f"{_prefix(enrolment)}offer:")
    if enrolment.offer_expires_at <= now:
        return None
    session = enrolment.session
    return message_schedule(
        key=f"{_prefix(enrolment)}offer-moved:{session.sequence}",
        template="trainings_offer",
        recipient=enrolment.user,
        due_at=now,
        not_after=enrolment.offer_expires_at,
        urgent=True,
        context={**_context(session, enrolment.user), "expires_at": enrolment.offer_expires_at.isoformat()},
    )


def session_moved_schedule(*, enrolment: Enrolment, old_starts_at: dt.datetime, now: dt.datetime) -> None:
    """The updated invitation (same UID, higher SEQUENCE) and the reminder for the new time."""
    session = enrolment.session
    old_key = f"{_prefix(enrolment)}reminder:{old_starts_at.astimezone(dt.UTC).isoformat()}"
    message_cancel(key=old_key)
    message_schedule(
        key=f"{_prefix(enrolment)}moved:{session.sequence}",
        template="trainings_moved",
        recipient=enrolment.user,
        due_at=now,
        not_after=session.starts_at,
        urgent=True,
        context=_context(session, enrolment.user),
        attachments=[session_attachment(session, reader=enrolment.user, method="REQUEST", now=now)],
    )
    enrolment_reminder_schedule(enrolment=enrolment, now=now)


def requirement_due_row(*, user, course, due_on: dt.date, now: dt.datetime) -> dict:
    """Once per person, course and due date: the key says which due date it was for. A row
    for `messages_schedule_many`."""
    return {
        "key": f"training-due:{user.pk}:{course.pk}:{due_on.isoformat()}",
        "template": "trainings_due",
        "recipient_id": user.pk,
        "due_at": now,
        "context": {
            "title": localised(course, "title", user.language),
            "due_on": due_on.isoformat(),
            "course_path": reverse("trainings:course", args=[course.slug]),
        },
    }


def requirement_due_schedule(*, user, course, due_on: dt.date, now: dt.datetime):
    """Once per person, course and due date: the key says which due date it was for."""
    row = requirement_due_row(user=user, course=course, due_on=due_on, now=now)
    del row["recipient_id"]
    return message_schedule(recipient=user, **row)
