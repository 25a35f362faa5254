"""Reflection meetings: a team meets regularly around a fixed set of questions.

Every participant gets the agenda (the questions) and a reminder a day before each
meeting, all as outbox rows written when the series is made. Nothing said is stored.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import message_schedule, messages_cancel_prefix

from ..models import ReflectionSeries
from . import SupportError, planned_moment_check, text_check


def series_dates(series: ReflectionSeries) -> list[dt.datetime]:
    """Every meeting of the series, at the same local time of day (wall clock) each time."""
    tz = series.leader.tzinfo
    first = timezone.localtime(series.first_at, tz).replace(tzinfo=None)
    return [
        timezone.make_aware(first + dt.timedelta(weeks=series.every_weeks * n), tz) for n in range(series.occurrences)
    ]


@transaction.atomic
def reflection_series_create(
    *, leader, team, framework, first_at, every_weeks, occurrences, place, participants, now=None
):
    now = now or timezone.now()
    planned_moment_check(first_at, now=now)
    if not 1 <= occurrences <= 26 or not 1 <= every_weeks <= 12:
        raise SupportError(_("Plan between 1 and 26 meetings, every 1 to 12 weeks."))
    text_check(ReflectionSeries, place=place)
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
        for when in series_dates(series):
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
        raise SupportError(_("Only the person who planned these meetings can cancel them."))
    series.cancelled_at = now
    series.save(update_fields=["cancelled_at"])
    messages_cancel_prefix(prefix=f"ps:reflection:{series.pk}:")
