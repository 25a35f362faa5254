"""Scans, not timers: what beat runs every minute.

Each scan looks at live rows and writes outbox rows with deterministic keys, changing
its own marker rows in the same transaction, so a scan run twice (or a task retried
after a broker restart) sends nothing twice, and a crash half-way loses nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.services import message_schedule
from organisations.selectors import organisation_first, organisation_of_unit

from ..conflicts import has_conflict
from ..models import FollowUpStep, StepKind, SupportRequest
from ..regions import coordinators_of, next_region
from ..routes import ROUTE_HANDLER_ROLE
from .alerts import request_alert, requests_alert, requests_alert_no_contact, steps_alert_unowned
from .messaging import portal_path, task_notice
from .requests import escalation_delay


@dataclass
class ScanResult:
    escalated: int = 0
    reminded: int = 0
    overdue: int = 0
    screenings: int = 0
    alerted: int = 0


def _coordinators(region, cache: dict) -> list:
    if region.pk not in cache:
        cache[region.pk] = list(coordinators_of(region))
    return cache[region.pk]


def _organisation(support_request: SupportRequest, cache: dict):
    """The organisation whose times apply to a request: its region's (one query per region a scan)."""
    key = ("organisation", support_request.region_id)
    if key not in cache:
        cache[key] = organisation_of_unit(support_request.region) if support_request.region_id else organisation_first()
    return cache[key]


def _backup_region(support_request: SupportRequest, cache: dict):
    key = ("next", support_request.region_id)
    if key not in cache:
        cache[key] = next_region(support_request.region) if support_request.region_id else None
    return cache[key]


def _escalate(support_request: SupportRequest, level: int, now: dt.datetime, cache: dict) -> bool:
    """Level 1 alerts the region's coordinators; level 2 (or level 1 in a region without a
    coordinator) opens the request to the next region's team and alerts its coordinators."""
    regions = [support_request.region] if level == 1 and support_request.region_id else []
    if level == 2 or not (regions and _coordinators(regions[0], cache)):
        backup = _backup_region(support_request, cache)
        if backup is not None:
            regions.append(backup)
    backup = regions[-1] if regions and regions[-1] != support_request.region else None
    with transaction.atomic():
        changes = {"escalation_level": level}
        if backup is not None:
            changes["backup_region"] = backup
        moved = SupportRequest.objects.filter(
            pk=support_request.pk, status=SupportRequest.Status.NEW, escalation_level=level - 1
        ).update(**changes)
        if not moved:
            return False
        path = portal_path("peer_support:request_detail", support_request.pk)
        for region in regions:
            for coordinator in _coordinators(region, cache):
                if has_conflict(coordinator, support_request):
                    continue
                task_notice(
                    key=f"ps:request:{support_request.pk}:escalation:{level}:{coordinator.pk}",
                    recipient=coordinator,
                    due_at=now,
                    path=path,
                    urgent=True,
                )
                # Also by text and on their portal page (once per person and request, as in the
                # urgent chain); not urgent, so a text respects the coordinator's quiet hours.
                request_alert(support_request=support_request, person=coordinator, now=now, urgent=False)
    return True


def requests_escalate(*, now: dt.datetime) -> int:
    """New requests past their time: first the coordinator, one period later the next region's.

    An urgent request whose alert chain has started is escalated by the chain (alerts.py)."""
    count = 0
    cache: dict = {}
    waiting = (
        SupportRequest.objects.filter(
            route=SupportRequest.Route.PEER_SUPPORT,
            status=SupportRequest.Status.NEW,
            escalation_level__lt=2,
            escalate_at__lte=now,
        )
        .exclude(urgency=SupportRequest.Urgency.TODAY, alert_step__gt=0)
        .select_related("region")
    )
    for support_request in waiting:
        if support_request.escalation_level == 0:
            count += _escalate(support_request, 1, now, cache)
            support_request.escalation_level = 1
        second_at = support_request.escalate_at + escalation_delay(
            urgency=support_request.urgency, organisation=_organisation(support_request, cache)
        )
        if support_request.escalation_level == 1 and second_at <= now:
            count += _escalate(support_request, 2, now, cache)
    return count + other_routes_remind(now=now)


def other_routes_remind(*, now: dt.datetime) -> int:
    """A confidential report or another route that nobody took in time: remind every
    handler of that route once more (there is no region to escalate to)."""
    count = 0
    waiting = SupportRequest.objects.filter(
        status=SupportRequest.Status.NEW, escalation_level=0, escalate_at__lte=now
    ).exclude(route=SupportRequest.Route.PEER_SUPPORT)
    for support_request in waiting:
        with transaction.atomic():
            if not SupportRequest.objects.filter(pk=support_request.pk, escalation_level=0).update(escalation_level=1):
                continue
            role = str(ROUTE_HANDLER_ROLE[support_request.route])
            handlers = get_user_model().objects.filter(groups__name=role, is_active=True).distinct()
            for handler in handlers:
                task_notice(
                    key=f"ps:request:{support_request.pk}:escalation:1:{handler.pk}",
                    recipient=handler,
                    due_at=now,
                    path=portal_path("peer_support:request_detail", support_request.pk),
                )
        count += 1
    return count


def _live_steps():
    return FollowUpStep.objects.filter(state=FollowUpStep.State.PLANNED, plan__declined_at__isnull=True).filter(
        Q(plan__request__isnull=True) | Q(plan__request__status__in=SupportRequest.OPEN_STATUSES)
    )


def steps_remind(*, now: dt.datetime) -> int:
    lead = dt.timedelta(hours=settings.PEER_SUPPORT_STEP_REMINDER_HOURS)
    steps = (
        _live_steps()
        .filter(owner__isnull=False, due_at__lte=now + lead, overdue_at__gt=now)
        .exclude(kind=StepKind.SCREENING)
        .select_related("owner")
    )
    count = 0
    for step in steps:
        task_notice(
            key=f"{step.key_prefix}remind:{step.owner_id}:{step.due_at.isoformat()}",
            recipient=step.owner,
            due_at=max(now, step.due_at - lead),
            not_after=step.overdue_at,
            path=portal_path("peer_support:plan_detail", step.plan_id),
        )
        count += 1
    return count


def steps_flag_overdue(*, now: dt.datetime) -> int:
    """A step past its window goes to the coordinators of the person's region."""
    steps = (
        _live_steps()
        .filter(overdue_at__lte=now, overdue_flagged_at__isnull=True)
        .exclude(kind=StepKind.SCREENING)
        .select_related("plan__region")
    )
    count = 0
    cache: dict = {}
    for step in steps:
        with transaction.atomic():
            if not FollowUpStep.objects.filter(pk=step.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now
            ):
                continue
            for coordinator in _coordinators(step.plan.region, cache) if step.plan.region else []:
                task_notice(
                    key=f"{step.key_prefix}overdue:{coordinator.pk}:{step.due_at.isoformat()}",
                    recipient=coordinator,
                    due_at=now,
                    path=portal_path("peer_support:plan_detail", step.plan_id),
                )
        count += 1
    return count


def screenings_send(*, now: dt.datetime) -> int:
    """Send the private link to the self-check. Nothing about the answers comes back here."""
    steps = _live_steps().filter(kind=StepKind.SCREENING, due_at__lte=now, sent_at__isnull=True)
    count = 0
    for step in steps.select_related("plan__person"):
        with transaction.atomic():
            marked = FollowUpStep.objects.filter(pk=step.pk, sent_at__isnull=True).update(
                sent_at=now, state=FollowUpStep.State.DONE, done_at=now
            )
            if not marked:
                continue
            message_schedule(
                key=f"{step.key_prefix}screening:{step.due_at.isoformat()}",
                template="peer_support_check_yourself",
                recipient=step.plan.person,
                due_at=now,
                context={
                    "path": portal_path("peer_support:step_check", step.pk),
                    "plan_path": portal_path("peer_support:plan_detail", step.plan_id),
                },
            )
        count += 1
    return count


def timers_scan(*, now: dt.datetime | None = None) -> ScanResult:
    now = now or timezone.now()
    return ScanResult(
        escalated=requests_escalate(now=now),
        reminded=steps_remind(now=now),
        overdue=steps_flag_overdue(now=now),
        screenings=screenings_send(now=now),
        alerted=requests_alert(now=now) + requests_alert_no_contact(now=now) + steps_alert_unowned(now=now),
    )
