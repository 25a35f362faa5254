"""Measures ("you said, we did"): checked, saved, and a reminder to their creator a week
before they are due."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from notifications.services import message_schedule, messages_cancel_prefix

from ..dates import at_local
from ..models import (
    MEASURE_ACTION_MAX_LENGTH,
    MEASURE_DUE_OUT_OF_RANGE,
    MEASURE_OWNER_MAX_LENGTH,
    Measure,
    measure_due_limits,
)

MEASURE_REMINDER_DAYS = 7


def measure_check(*, measure: Measure) -> None:
    """The rules a measure must meet before it is saved (the form says the same on its fields)."""
    earliest, latest = measure_due_limits()
    if not earliest <= measure.due_on <= latest:
        raise DomainError(MEASURE_DUE_OUT_OF_RANGE % {"earliest": earliest.isoformat(), "latest": latest.isoformat()})
    texts = [
        (measure.action, MEASURE_ACTION_MAX_LENGTH, _("Describe what will be done in at most %(n)d characters.")),
        (measure.owner, MEASURE_OWNER_MAX_LENGTH, _("Name who owns the measure in at most %(n)d characters.")),
    ]
    for value, limit, message in texts:
        if not value.strip() or len(value) > limit:
            raise DomainError(message % {"n": limit})


@transaction.atomic
def measure_save(*, measure: Measure, actor) -> Measure:
    """Save a measure and (re)schedule the reminder before its due date to its creator.
    Checked first and in one transaction, so a refusal leaves no measure without its reminder."""
    measure_check(measure=measure)
    if measure.created_by_id is None:
        measure.created_by = actor
    measure.save()
    messages_cancel_prefix(prefix=f"monitor:measure:{measure.pk}:")
    if measure.is_open and measure.created_by_id:
        remind_on = measure.due_on - dt.timedelta(days=MEASURE_REMINDER_DAYS)
        due_at = max(timezone.now(), at_local(remind_on, 9))
        not_after = at_local(measure.due_on + dt.timedelta(days=1), 0)
        if due_at < not_after:
            message_schedule(
                key=f"monitor:measure:{measure.pk}:due:{measure.due_on.isoformat()}",
                template="monitor_measure_due",
                due_at=due_at,
                recipient=measure.created_by,
                language=measure.created_by.language,
                context={
                    "due_on": measure.due_on.isoformat(),
                    "path": reverse("monitor:measure_edit", args=[measure.pk]),
                },
                not_after=not_after,
            )
    return measure
