"""Courses and sessions as the wellbeing officer plans them: create, edit, move, cancel.

A moved session keeps its calendar UID and raises SEQUENCE, and everyone with a seat gets
the updated invitation; a cancelled one sends METHOD:CANCEL to them and tells the wait list.
"""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import CAPACITY_MAX, Course, Enrolment, Requirement, Session
from . import messages
from .enrolment import OFFER_CLOSES_BEFORE, _lock, seats_offer, seats_taken

# How far ahead a session may be planned.
PLAN_AHEAD_DAYS = 2 * 365


def _check_times(*, course: Course, starts_at: dt.datetime, time_zone: str, capacity: int, now: dt.datetime):
    if time_zone not in zoneinfo.available_timezones():
        raise DomainError(_("Choose a time zone from the list, for example Europe/Amsterdam."))
    if starts_at <= now:
        raise DomainError(_("A session must start in the future."))
    if starts_at > now + dt.timedelta(days=PLAN_AHEAD_DAYS):
        raise DomainError(_("A session can be planned at most two years ahead."))
    if not 1 <= capacity <= CAPACITY_MAX:
        raise DomainError(_("The number of places must be between 1 and %(max)s.") % {"max": CAPACITY_MAX})


def session_create(
    *,
    course: Course,
    starts_at: dt.datetime,
    time_zone: str,
    capacity: int,
    place: str = "",
    video_link: str = "",
    trainer=None,
    now: dt.datetime | None = None,
) -> Session:
    now = now or timezone.now()
    _check_times(course=course, starts_at=starts_at, time_zone=time_zone, capacity=capacity, now=now)
    return Session.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=course.duration_minutes),
        time_zone=time_zone,
        capacity=capacity,
        place=place.strip(),
        video_link=video_link.strip(),
        trainer=trainer,
    )


@transaction.atomic
def session_update(
    *,
    session: Session,
    starts_at: dt.datetime,
    time_zone: str,
    capacity: int,
    place: str = "",
    video_link: str = "",
    trainer=None,
    now: dt.datetime | None = None,
) -> Session:
    """Change a session; when the time or place changes, everyone with a seat gets the update,
    and everyone with an open offer the new time (their offer closing in time for it)."""
    now = now or timezone.now()
    session = _lock(session)
    if session.is_cancelled:
        raise DomainError(_("This session was cancelled and cannot be changed."))
    _check_times(course=session.course, starts_at=starts_at, time_zone=time_zone, capacity=capacity, now=now)
    if capacity < seats_taken(session, now=now):
        raise DomainError(_("More people have a place than that. Please choose at least as many places."))
    old_starts_at = session.starts_at
    moved = (
        starts_at != session.starts_at
        or place.strip() != session.place
        or video_link.strip() != session.video_link
        or time_zone != session.time_zone
    )
    session.starts_at = starts_at
    session.ends_at = starts_at + dt.timedelta(minutes=session.course.duration_minutes)
    session.time_zone = time_zone
    session.capacity = capacity
    session.place = place.strip()
    session.video_link = video_link.strip()
    session.trainer = trainer
    if moved:
        session.sequence += 1
    session.save()
    if moved:
        for enrolment in session.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("user"):
            enrolment.session = session
            messages.session_moved_schedule(enrolment=enrolment, old_starts_at=old_starts_at, now=now)
        _offers_move(session=session, now=now)
    seats_offer(session=session, now=now, locked=True)
    return session


def _offers_move(*, session: Session, now: dt.datetime) -> None:
    """An open offer of a moved session closes `OFFER_CLOSES_BEFORE` the new start at the latest,
    and the person is told the new time (an offer that can no longer run lapses, and its seat
    goes to the next person)."""
    closes = session.starts_at - OFFER_CLOSES_BEFORE
    for enrolment in session.enrolments.filter(
        status=Enrolment.Status.OFFERED, offer_expires_at__gt=now
    ).select_related("user"):
        enrolment.session = session
        enrolment.offer_expires_at = max(min(enrolment.offer_expires_at, closes), now)
        enrolment.save(update_fields=["offer_expires_at"])
        messages.offer_moved_schedule(enrolment=enrolment, now=now)


@transaction.atomic
def session_cancel(*, session: Session, now: dt.datetime | None = None) -> Session:
    now = now or timezone.now()
    session = _lock(session)
    if session.is_cancelled:
        return session
    if session.starts_at <= now:
        raise DomainError(_("This session has already started and cannot be cancelled."))
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    for enrolment in session.enrolments.filter(
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.OFFERED, Enrolment.Status.WAITING]
    ).select_related("user"):
        enrolment.session = session
        messages.enrolment_cancelled_schedule(enrolment=enrolment, now=now, by_organiser=True)
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.cancelled_at = now
        enrolment.save(update_fields=["status", "cancelled_at"])
    return session


def requirement_set(*, course: Course, role: str, renewal_months: int | None, now: dt.datetime | None = None):
    """Make `course` required for `role` (or change how often it must be renewed)."""
    now = now or timezone.now()
    requirement, _created = Requirement.objects.update_or_create(
        course=course,
        role=role,
        defaults={"renewal_months": renewal_months},
        create_defaults={"renewal_months": renewal_months, "created_at": now},
    )
    return requirement


def requirement_remove(*, requirement: Requirement) -> None:
    requirement.delete()
