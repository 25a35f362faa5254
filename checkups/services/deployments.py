"""Deployment care: talks before, during (by video) and after a posting such as Greenland.

When a deployment is registered, a reminder to book each talk is scheduled in the
outbox for the right moment; booking the talk cancels its reminder, and cancelling
the talk schedules a new one. The wellbeing officer sees only whether each talk is
open, booked or done, never what was said.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from notifications.services import messages_cancel_prefix

from ..models import DESTINATION_MAX_LENGTH, Booking, Deployment
from . import messages

PHASES = (Booking.Phase.BEFORE, Booking.Phase.DURING, Booking.Phase.AFTER)
# How far from today a deployment may start, and how long it may last: real postings are
# months, and the reminders fall up to AFTER_TALK_BY after the end (a date near 9999 overflows).
DEPLOYMENT_START_SPAN = dt.timedelta(days=2 * 365)
DEPLOYMENT_MAX_DAYS = 3 * 365
# The talk after a deployment is due by this long after its last day.
AFTER_TALK_BY = dt.timedelta(days=84)
# Talks around a deployment: from this long before it starts until this long after it ends
# (who may book a deployment talk, which deployment a talk belongs to, which ones the officer sees).
TALKS_AROUND = dt.timedelta(days=120)


def _start_of(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)


def phase_moments(deployment: Deployment, tz) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """For each phase: when to remind the employee to book, and after when the reminder is pointless."""
    length = (deployment.ends_on - deployment.starts_on).days
    during_day = deployment.starts_on + dt.timedelta(days=min(14, max(length // 2, 0)))
    return {
        Booking.Phase.BEFORE: (
            _start_of(deployment.starts_on - dt.timedelta(days=42), tz),
            _start_of(deployment.starts_on, tz),
        ),
        Booking.Phase.DURING: (_start_of(during_day, tz), _start_of(deployment.ends_on, tz)),
        Booking.Phase.AFTER: (
            _start_of(deployment.ends_on + dt.timedelta(days=14), tz),
            _start_of(deployment.ends_on + AFTER_TALK_BY, tz),
        ),
    }


@transaction.atomic
def deployment_register(
    *,
    employee,
    destination: str,
    starts_on: dt.date,
    ends_on: dt.date,
    time_zone: str = "America/Nuuk",
    registered_by=None,
    now: dt.datetime | None = None,
) -> Deployment:
    now = now or timezone.now()
    today = timezone.localtime(now, employee.tzinfo).date()
    if ends_on < starts_on:
        raise DomainError(_("The last day must be on or after the first day."))
    if ends_on < today:
        raise DomainError(_("This deployment has already ended."))
    if not today - DEPLOYMENT_START_SPAN <= starts_on <= today + DEPLOYMENT_START_SPAN:
        raise DomainError(_("Choose a first day within two years of today."))
    if (ends_on - starts_on).days > DEPLOYMENT_MAX_DAYS:
        raise DomainError(_("A deployment can last at most three years."))
    if not destination.strip():
        raise DomainError(_("Please say where the deployment is."))
    if len(destination.strip()) > DESTINATION_MAX_LENGTH:
        raise DomainError(_("Please give the place in fewer words."))
    deployment = Deployment.objects.create(
        employee=employee,
        destination=destination.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        time_zone=time_zone,
        registered_by=registered_by,
    )
    for phase, (due_at, not_after) in phase_moments(deployment, employee.tzinfo).items():
        messages.deployment_reminder_schedule(
            deployment=deployment, phase=phase, due_at=due_at, not_after=not_after, now=now
        )
    return deployment


def deployment_phase_booked(*, deployment: Deployment, phase: str) -> None:
    messages_cancel_prefix(prefix=f"deployment:{deployment.pk}:remind-{phase}:")


def deployment_phase_freed(*, booking: Booking, now: dt.datetime) -> None:
    """A phase's talk was cancelled or missed: remind again tomorrow, unless another talk covers it."""
    deployment = booking.deployment
    if deployment is None or not booking.deployment_phase:
        return
    covered = (
        Booking.objects.filter(deployment=deployment, deployment_phase=booking.deployment_phase)
        .filter(status__in=[Booking.Status.BOOKED, Booking.Status.COMPLETED])
        .exclude(pk=booking.pk)
        .exists()
    )
    if covered:
        return
    _due, not_after = phase_moments(deployment, deployment.employee.tzinfo)[booking.deployment_phase]
    messages.deployment_reminder_schedule(
        deployment=deployment,
        phase=booking.deployment_phase,
        due_at=now + dt.timedelta(days=1),
        not_after=not_after,
        now=now,
        suffix=f"again-{booking.pk}",
    )


@transaction.atomic
def deployment_delete(*, deployment: Deployment) -> None:
    messages_cancel_prefix(prefix=f"deployment:{deployment.pk}:")
    deployment.delete()


def deployment_status(deployment: Deployment, bookings: list[Booking], *, today: dt.date) -> dict[str, str]:
    """Per phase: "done", "booked", "missed" (its time has passed without a talk) or "open"."""
    moments = {
        Booking.Phase.BEFORE: deployment.starts_on,
        Booking.Phase.DURING: deployment.ends_on,
        Booking.Phase.AFTER: deployment.ends_on + AFTER_TALK_BY,
    }
    result = {}
    for phase in PHASES:
        statuses = {b.status for b in bookings if b.deployment_phase == phase}
        if Booking.Status.COMPLETED in statuses:
            result[phase] = "done"
        elif Booking.Status.BOOKED in statuses:
            result[phase] = "booked"
        elif today > moments[phase]:
            result[phase] = "missed"
        else:
            result[phase] = "open"
    return result
