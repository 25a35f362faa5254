"""Enrolling, leaving and the wait list: the rules that must hold under load.

As in check-ups (`checkups/services/booking.py`), every write that can take a seat locks the
session row first (`select_for_update`), then counts, then writes: two people cannot both
take the last seat. The partial unique constraint (one live enrolment per person and
session) is the backstop for a double click; a lost race becomes a clear message, never a 500.

A freed seat is *offered* to the first person on the wait list and held for them for
`OFFER_HOURS` (never past `OFFER_CLOSES_BEFORE` the start), as check-ups hold a freed time:
a shift worker is not put on a training they can no longer attend without saying yes, and a
seat nobody takes goes on to the next person (`waitlist_process`, every five minutes).
"""

import datetime as dt

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import Enrolment, Session
from . import messages

OFFER_HOURS = 24
OFFER_CLOSES_BEFORE = dt.timedelta(hours=2)
# PostgreSQL error codes that mean "someone else got there first": deadlock, serialisation, lock.
_RACE_PGCODES = {"40P01", "40001", "55P03"}


def _is_race(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    cause = exc.__cause__
    return getattr(cause, "pgcode", None) in _RACE_PGCODES or getattr(cause, "sqlstate", None) in _RACE_PGCODES


def seats_taken(session: Session, *, now: dt.datetime) -> int:
    """Seats held by enrolled people and by offers still open."""
    return Enrolment.objects.filter(
        Q(status__in=Enrolment.SEATED) | Q(status=Enrolment.Status.OFFERED, offer_expires_at__gt=now),
        session=session,
    ).count()


def cancel_deadline(session: Session) -> dt.datetime:
    return session.starts_at - dt.timedelta(hours=session.course.cancel_hours)


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


def _enrol_locked(*, session: Session, user, wait_if_full: bool, now: dt.datetime) -> Enrolment:
    session = _lock(session)
    if session.is_cancelled or not session.course.active:
        raise DomainError(_("This session is no longer offered. Please choose another one."))
    if session.starts_at <= now:
        raise DomainError(_("This session has already started. Please choose a later one."))
    existing = Enrolment.objects.filter(session=session, user=user, status__in=Enrolment.ACTIVE).first()
    if existing is not None:
        return existing
    full = seats_taken(session, now=now) >= session.capacity
    waiting_ahead = Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITING).exists()
    if (full or waiting_ahead) and not wait_if_full:
        raise DomainError(_("This session has just filled up. You can join its wait list instead."))
    status = Enrolment.Status.WAITING if (full or waiting_ahead) else Enrolment.Status.ENROLLED
    enrolment = Enrolment.objects.create(session=session, user=user, status=status, created_at=now)
    enrolment.session = session
    if status == Enrolment.Status.ENROLLED:
        messages.enrolment_confirmation_schedule(enrolment=enrolment, now=now)
    return enrolment


def enrolment_create(
    *, session: Session, user, wait_if_full: bool = False, now: dt.datetime | None = None
) -> Enrolment:
    """A seat on `session` for `user`, or (with `wait_if_full`) a place on its wait list when
    it is full. Enrolling twice returns the place they have. Raises DomainError."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return _enrol_locked(session=session, user=user, wait_if_full=wait_if_full, now=now)
    except (IntegrityError, OperationalError) as exc:
        if not _is_race(exc):
            raise
        raise DomainError(_("Someone enrolled at the same moment. Please try again.")) from exc


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    """The person gives up their seat, offer or wait-list place; up to the course's deadline."""
    now = now or timezone.now()
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.session = session
    if enrolment.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING, Enrolment.Status.OFFERED):
        raise DomainError(_("This place cannot be cancelled any more."))
    if enrolment.status == Enrolment.Status.ENROLLED and now > cancel_deadline(session):
        raise DomainError(too_late_message(session))
    had_seat = enrolment.status in (Enrolment.Status.ENROLLED, Enrolment.Status.OFFERED)
    was = enrolment.status
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["status", "cancelled_at"])
    enrolment.status = was  # for the message: a wait-list place had nothing in the calendar
    messages.enrolment_cancelled_schedule(enrolment=enrolment, now=now, by_organiser=False)
    enrolment.status = Enrolment.Status.CANCELLED
    if had_seat:
        seats_offer(session=session, now=now, locked=True)
    return enrolment


def too_late_message(session: Session) -> str:
    contact = session.course.contact
    if contact:
        return _(
            "It is too close to the start to cancel here. If you cannot come, please let %(contact)s know. Thank you."
        ) % {"contact": contact}
    return _("It is too close to the start to cancel here. If you cannot come, please let the trainer know. Thank you.")


@transaction.atomic
def offer_accept(*, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    """Take the seat held for you."""
    now = now or timezone.now()
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.session = session
    if enrolment.status == Enrolment.Status.ENROLLED:
        return enrolment
    if enrolment.status != Enrolment.Status.OFFERED or enrolment.offer_expires_at <= now or session.is_cancelled:
        raise DomainError(_("This offer has run out, and the place went to the next person. Sorry."))
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at"])
    messages.enrolment_confirmation_schedule(enrolment=enrolment, now=now)
    return enrolment


def seats_offer(*, session: Session, now: dt.datetime, locked: bool = False) -> list[Enrolment]:
    """Offer every free seat to the next people on the wait list. Call inside a transaction
    that has locked the session (say so with `locked`, and pass the locked row) or let it lock here."""
    if not locked:
        session = _lock(session)
    offer_until = min(now + dt.timedelta(hours=OFFER_HOURS), session.starts_at - OFFER_CLOSES_BEFORE)
    if session.is_cancelled or offer_until <= now:
        return []
    free = session.capacity - seats_taken(session, now=now)
    if free <= 0:
        return []
    offered = []
    for enrolment in (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITING, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")[:free]
    ):
        enrolment.status = Enrolment.Status.OFFERED
        enrolment.offer_expires_at = offer_until
        enrolment.save(update_fields=["status", "offer_expires_at"])
        enrolment.session = session
        messages.offer_schedule(enrolment=enrolment, now=now)
        offered.append(enrolment)
    return offered


def waitlist_process(*, now: dt.datetime | None = None) -> dict:
    """The beat job: offers not taken in time are passed on, and free seats are offered."""
    now = now or timezone.now()
    expired = 0
    for enrolment in Enrolment.objects.filter(status=Enrolment.Status.OFFERED, offer_expires_at__lte=now):
        with transaction.atomic():
            expired += Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.OFFERED).update(
                status=Enrolment.Status.PASSED
            )
    offered = 0
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__gt=now, enrolments__status=Enrolment.Status.WAITING
    ).distinct()
    for session in sessions:
        with transaction.atomic():
            offered += len(seats_offer(session=session, now=now))
    return {"expired_offers": expired, "offered": offered}
