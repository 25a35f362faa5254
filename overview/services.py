"""Freezing a completed quarter's usage figures (the only writes of the overview)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import OrganisationUnit
from checkups.models import Booking
from organisations.selectors import organisation_of_unit
from peer_support.models import SupportRequest

from .models import UsageFigure, UsageKind, UsageQuarter
from .privacy import usage_visibility
from .quarters import bounds, completed_quarters


def _people_per_unit(queryset, person_field: str) -> dict:
    """Distinct people per unit itself (their current unit, like the population)."""
    unit = f"{person_field}__unit_id"
    rows = queryset.filter(**{f"{unit}__isnull": False}).values(unit).annotate(n=Count(person_field, distinct=True))
    return {row[unit]: row["n"] for row in rows.order_by()}


def _used(kind: str, start: dt.datetime, end: dt.datetime) -> dict:
    if kind == UsageKind.CHECKUPS:
        bookings = Booking.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
            status=Booking.Status.CANCELLED
        )
        return _people_per_unit(bookings, "employee")
    requests = SupportRequest.objects.filter(
        route=SupportRequest.Route.PEER_SUPPORT, created_at__gte=start, created_at__lt=end
    ).exclude(status=SupportRequest.Status.WITHDRAWN)
    return _people_per_unit(requests, "requester")


def _population() -> dict:
    people = get_user_model().objects.filter(is_active=True, deactivated_at__isnull=True, unit__isnull=False)
    return {row["unit_id"]: row["n"] for row in people.values("unit_id").annotate(n=Count("pk")).order_by()}


def _trees() -> list[tuple[OrganisationUnit, list[tuple]]]:
    """Each organisation's root with (unit id, parent id) of every unit of its tree."""
    units = list(OrganisationUnit.objects.order_by("path").only("pk", "path", "depth"))
    by_path = {unit.path: unit.pk for unit in units}
    step = OrganisationUnit.steplen
    trees: dict = {}
    for unit in units:
        root_path = unit.path[:step]
        parent = by_path.get(unit.path[:-step]) if unit.depth > 1 else None
        trees.setdefault(root_path, []).append((unit.pk, parent))
    roots = {unit.path: unit for unit in units if unit.depth == 1}
    return [(roots[path], pairs) for path, pairs in trees.items() if path in roots]


@transaction.atomic
def usage_quarter_freeze(*, starts_on: dt.date, now=None) -> UsageQuarter | None:
    """Count and freeze one completed quarter, once: the people of each unit who used
    check-ups and peer support, with what the privacy rules hide stored as NULL. None if it
    was frozen already (by an earlier run or a concurrent one)."""
    now = now or timezone.now()
    start, end = bounds(starts_on)
    if end > now:
        raise ValueError("only a completed quarter can be frozen")
    try:
        with transaction.atomic():
            quarter = UsageQuarter.objects.create(starts_on=starts_on, frozen_at=now)
    except IntegrityError:
        return None
    population = _population()
    trees = [(units, organisation_of_unit(root).effective_monitor_min_group_health) for root, units in _trees()]
    figures = []
    for kind in UsageKind.values:
        used = _used(kind, start, end)
        for units, minimum in trees:
            totals, reasons = usage_visibility(units, used, population, minimum=minimum)
            figures += [
                UsageFigure(
                    quarter=quarter,
                    unit_id=key,
                    kind=kind,
                    people=totals.get(key),
                    hidden_reason=reasons.get(key, ""),
                    minimum=minimum,
                )
                for key, _parent in units
            ]
    UsageFigure.objects.bulk_create(figures)
    return quarter


def usage_quarters_freeze_due(*, now=None) -> int:
    """Freeze the completed quarters the overview shows that are not frozen yet (daily job)."""
    now = now or timezone.now()
    frozen = set(UsageQuarter.objects.values_list("starts_on", flat=True))
    done = 0
    for starts_on in completed_quarters(timezone.localdate(now)):
        if starts_on not in frozen and usage_quarter_freeze(starts_on=starts_on, now=now) is not None:
            done += 1
    return done
