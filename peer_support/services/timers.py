"""Scans, not timers: what beat runs every minute.

Each scan looks at live rows and writes outbox rows with deterministic keys, changing
its own marker rows in the same transaction, so a scan run twice (or a task retried
after a broker restart) sends nothing twice, and a crash half-way loses nothing.

Each scan works in batches of `BATCH` rows, with a number of queries that does not grow
with the batch: the batch's rows are locked with `SELECT ... FOR UPDATE SKIP LOCKED` under
the scan's own guard (so two scans at once take different rows, and a row moved by the
other since is no longer found), moved with one UPDATE, and their notices written with one
INSERT (`messages_schedule_many`, deterministic keys, existing keys skipped), all in one
transaction: a batch is moved and told, or neither.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.services import messages_schedule_many
from organisations.selectors import organisation_first, organisation_of_unit

from ..conflicts import requests_in_conflict_for
from ..models import FollowUpStep, StepKind, SupportRequest
from ..regions import coordinators_of, next_region
from ..routes import ROUTE_HANDLER_ROLE
from .alerts import request_alerts_rows, requests_alert, requests_alert_no_contact, steps_alert_unowned
from .messaging import portal_path, task_notice_row
from .requests import escalation_delay

# Rows moved in one transaction: each batch costs the same few queries, whatever its size.
BATCH = 500


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


def _chunks(pks: list, size: int = BATCH):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _locked(queryset, pks):
    """The rows of `pks` that still match the scan's guard, locked until the batch commits.
    Rows another scan holds are skipped, not waited for: that scan is moving them."""
    return list(queryset.filter(pk__in=pks).select_for_update(skip_locked=True, of=("self",)))


def _conflicting(coordinator, pks, cache: dict) -> set:
    """Which of these requests `coordinator` is in conflict with (`has_conflict`, for a batch
    in one query; the condition is built once a scan, its subqueries are read each time)."""
    key = ("conflict", coordinator.pk)
    if key not in cache:
        cache[key] = requests_in_conflict_for(coordinator)
    return set(SupportRequest.objects.filter(pk__in=pks).filter(cache[key]).values_list("pk", flat=True))


def _escalate_batch(rows: list[SupportRequest], level: int, now: dt.datetime, cache: dict) -> list[dict]:
    """Level 1 alerts the region's coordinators; level 2 (or level 1 in a region without a
    coordinator) opens the request to the next region's team and alerts its coordinators.

    `rows` are locked at `level - 1`; they are moved with one UPDATE per region and the
    notices returned as rows for one INSERT."""
    by_regions: dict = {}
    for support_request in rows:
        regions = [support_request.region] if level == 1 and support_request.region_id else []
        if level == 2 or not (regions and _coordinators(regions[0], cache)):
            backup = _backup_region(support_request, cache)
            if backup is not None:
                regions.append(backup)
        by_regions.setdefault((support_request.region_id, tuple(regions)), []).append(support_request)
    notices, pairs = [], []
    for (_, regions), requests in by_regions.items():
        backup = regions[-1] if regions and regions[-1] != requests[0].region else None
        changes = {"escalation_level": level}
        if backup is not None:
            changes["backup_region"] = backup
        pks = [r.pk for r in requests]
        SupportRequest.objects.filter(pk__in=pks, escalation_level=level - 1).update(**changes)
        for support_request in requests:
            support_request.escalation_level = level
        for region in regions:
            for coordinator in _coordinators(region, cache):
                conflicts = _conflicting(coordinator, pks, cache)
                for support_request in requests:
                    if support_request.pk in conflicts:
                        continue
                    notices.append(
                        task_notice_row(
                            key=f"ps:request:{support_request.pk}:escalation:{level}:{coordinator.pk}",
                            recipient=coordinator,
                            due_at=now,
                            path=portal_path("peer_support:request_detail", support_request.pk),
                            urgent=True,
                        )
                    )
                    pairs.append((support_request, coordinator))
    # Also by text and on their portal page (once per person and request, as in the urgent
    # chain); not urgent, so a text respects the coordinator's quiet hours.
    return notices + request_alerts_rows(pairs, now=now, urgent=False, alerted=cache.setdefault("alerted", set()))


def requests_escalate(*, now: dt.datetime) -> int:
    """New requests past their time: first the coordinator, one period later the next region's.

    An urgent request whose alert chain has started is escalated by the chain (alerts.py).
    In batches of `BATCH`: the batch's rows are locked, moved and their notices written in one
    transaction, with a number of queries that does not grow with the batch."""
    count = 0
    cache: dict = {}
    waiting = SupportRequest.objects.filter(
        route=SupportRequest.Route.PEER_SUPPORT,
        status=SupportRequest.Status.NEW,
        escalation_level__lt=2,
        escalate_at__lte=now,
    ).exclude(urgency=SupportRequest.Urgency.TODAY, alert_step__gt=0)
    for pks in _chunks(list(waiting.order_by("pk").values_list("pk", flat=True))):
        with transaction.atomic():
            rows = _locked(waiting.select_related("region"), pks)
            first = [r for r in rows if r.escalation_level == 0]
            notices = _escalate_batch(first, 1, now, cache) if first else []
            second = [
                r
                for r in rows
                if r.escalation_level == 1
                and r.escalate_at + escalation_delay(urgency=r.urgency, organisation=_organisation(r, cache)) <= now
            ]
            if second:
                notices += _escalate_batch(second, 2, now, cache)
            messages_schedule_many(rows=notices)
        count += len(first) + len(second)
    return count + other_routes_remind(now=now)


def other_routes_remind(*, now: dt.datetime) -> int:
    """A confidential report or another route that nobody took in time: remind every
    handler of that route once more (there is no region to escalate to)."""
    count = 0
    waiting = SupportRequest.objects.filter(
        status=SupportRequest.Status.NEW, escalation_level=0, escalate_at__lte=now
    ).exclude(route=SupportRequest.Route.PEER_SUPPORT)
    handlers: dict = {}
    for pks in _chunks(list(waiting.order_by("pk").values_list("pk", flat=True))):
        with transaction.atomic():
            rows = _locked(waiting, pks)
            SupportRequest.objects.filter(pk__in=[r.pk for r in rows], escalation_level=0).update(escalation_level=1)
            notices = []
            for support_request in rows:
                if support_request.route not in handlers:
                    role = str(ROUTE_HANDLER_ROLE[support_request.route])
                    handlers[support_request.route] = list(
                        get_user_model().objects.filter(groups__name=role, is_active=True).distinct()
                    )
                for handler in handlers[support_request.route]:
                    notices.append(
                        task_notice_row(
                            key=f"ps:request:{support_request.pk}:escalation:1:{handler.pk}",
                            recipient=handler,
                            due_at=now,
                            path=portal_path("peer_support:request_detail", support_request.pk),
                        )
                    )
            messages_schedule_many(rows=notices)
        count += len(rows)
    return count


def _live_steps():
    return FollowUpStep.objects.filter(state=FollowUpStep.State.PLANNED, plan__declined_at__isnull=True).filter(
        Q(plan__request__isnull=True) | Q(plan__request__status__in=SupportRequest.OPEN_STATUSES)
    )


def steps_remind(*, now: dt.datetime) -> int:
    """A reminder to the owner of each step falling due soon. No marker: the key holds the
    owner and the due time, so a second scan schedules nothing new (one INSERT a batch)."""
    lead = dt.timedelta(hours=settings.PEER_SUPPORT_STEP_REMINDER_HOURS)
    steps = (
        _live_steps()
        .filter(owner__isnull=False, due_at__lte=now + lead, overdue_at__gt=now)
        .exclude(kind=StepKind.SCREENING)
        .select_related("owner")
    )
    count = 0
    for pks in _chunks(list(steps.order_by("pk").values_list("pk", flat=True))):
        rows = [
            task_notice_row(
                key=f"{step.key_prefix}remind:{step.owner_id}:{step.due_at.isoformat()}",
                recipient=step.owner,
                due_at=max(now, step.due_at - lead),
                not_after=step.overdue_at,
                path=portal_path("peer_support:plan_detail", step.plan_id),
            )
            for step in steps.filter(pk__in=pks)
        ]
        messages_schedule_many(rows=rows)
        count += len(rows)
    return count


def steps_flag_overdue(*, now: dt.datetime) -> int:
    """A step past its window goes to the coordinators of the person's region."""
    steps = _live_steps().filter(overdue_at__lte=now, overdue_flagged_at__isnull=True).exclude(kind=StepKind.SCREENING)
    count = 0
    cache: dict = {}
    for pks in _chunks(list(steps.order_by("pk").values_list("pk", flat=True))):
        with transaction.atomic():
            rows = _locked(steps.select_related("plan__region"), pks)
            FollowUpStep.objects.filter(pk__in=[s.pk for s in rows], overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now
            )
            notices = [
                task_notice_row(
                    key=f"{step.key_prefix}overdue:{coordinator.pk}:{step.due_at.isoformat()}",
                    recipient=coordinator,
                    due_at=now,
                    path=portal_path("peer_support:plan_detail", step.plan_id),
                )
                for step in rows
                for coordinator in (_coordinators(step.plan.region, cache) if step.plan.region else [])
            ]
            messages_schedule_many(rows=notices)
        count += len(rows)
    return count


def screenings_send(*, now: dt.datetime) -> int:
    """Send the private link to the self-check. Nothing about the answers comes back here."""
    steps = _live_steps().filter(kind=StepKind.SCREENING, due_at__lte=now, sent_at__isnull=True)
    count = 0
    for pks in _chunks(list(steps.order_by("pk").values_list("pk", flat=True))):
        with transaction.atomic():
            rows = _locked(steps.select_related("plan"), pks)
            FollowUpStep.objects.filter(pk__in=[s.pk for s in rows], sent_at__isnull=True).update(
                sent_at=now, state=FollowUpStep.State.DONE, done_at=now
            )
            messages_schedule_many(
                rows=[
                    {
                        "key": f"{step.key_prefix}screening:{step.due_at.isoformat()}",
                        "template": "peer_support_check_yourself",
                        "recipient_id": step.plan.person_id,
                        "due_at": now,
                        "context": {
                            "path": portal_path("peer_support:step_check", step.pk),
                            "plan_path": portal_path("peer_support:plan_detail", step.plan_id),
                        },
                    }
                    for step in rows
                ]
            )
        count += len(rows)
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
