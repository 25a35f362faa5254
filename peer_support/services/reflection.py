"""Reflection meetings: a team meets regularly around a fixed set of questions.

Every participant gets the agenda (the questions) and a reminder a day before each
meeting, all as outbox rows written when the series is made. Nothing said is stored.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from notifications.services import message_schedule, messages_cancel_prefix

from ..models import ReflectionFramework, ReflectionSeries
from ..models.reflection import EVERY_WEEKS_MAX, OCCURRENCES_MAX
from ..presets import REFLECTION_FRAMEWORK
from . import planned_moment_check, text_check


def reflection_framework_load() -> bool:
    """Create the shipped set of reflection questions if it is missing; never change it."""
    _framework, created = ReflectionFramework.objects.get_or_create(
        code=REFLECTION_FRAMEWORK["code"], defaults=REFLECTION_FRAMEWORK
    )
    return created


@transaction.atomic
def reflection_series_create(
    *, leader, team, framework, first_at, every_weeks, occurrences, place, participants, now=None
):
    now = now or timezone.now()
    if team is None:
        raise DomainError(_("You lead no team in the portal."))
    planned_moment_check(moment=first_at, now=now)
    if not 1 <= occurrences <= OCCURRENCES_MAX or not 1 <= every_weeks <= EVERY_WEEKS_MAX:
        raise DomainError(
            _("Plan between 1 and %(meetings)s meetings, every 1 to %(weeks)s weeks.")
            % {"meetings": OCCURRENCES_MAX, "weeks": EVERY_WEEKS_MAX}
        )
    text_check(model=ReflectionSeries, place=place)
    series = ReflectionSeries.objects.create(
        team=team,
        leader=leader,
        framework=framework,
        first_at=first_at,
        every_weeks=every_weeks,
        occurrences=occurrences,
        place=place,
    )
    series.participants.set(participants)
    for person in {*participants, leader}:
        for when in series.meeting_dates():
            context = {
                "starts_at": when.isoformat(),
                "place": place,
                "series": series.pk,
                "questions": framework.questions,  # the agenda, shown in the reader's language
            }
            base = f"ps:reflection:{series.pk}:{person.pk}:{when.isoformat()}"
            message_schedule(
                key=f"{base}:agenda",
                template="peer_support_reflection",
                recipient=person,
                due_at=max(now, when - dt.timedelta(days=7)),
                not_after=when,
                context=context,
            )
            message_schedule(
                key=f"{base}:reminder",
                template="peer_support_reflection",
                recipient=person,
                due_at=max(now, when - dt.timedelta(hours=24)),
                not_after=when,
                context=context,
            )
    return series


@transaction.atomic
def reflection_series_cancel(*, series: ReflectionSeries, by, now=None) -> None:
    now = now or timezone.now()
    if series.leader_id != by.pk:
        raise DomainError(_("Only the person who planned these meetings can cancel them."))
    series.cancelled_at = now
    series.save(update_fields=["cancelled_at"])
    messages_cancel_prefix(prefix=f"ps:reflection:{series.pk}:")
