"""Read-side queries shared by the monitor's views (each a constant number of queries)."""

from django.db.models import Q
from django.utils import timezone

from .models import Campaign, Measure, Participation, ScaleResult, UnitResult


def open_invitations(user) -> list[Participation]:
    """Open campaigns this person was invited to and has not finished (cached per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_monitor_open_invitations", None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            Participation.objects.filter(
                user=user,
                responded=False,
                campaign__status=Campaign.Status.OPEN,
                campaign__opens_on__lte=today,
                campaign__closes_on__gte=today,
            ).select_related("campaign")
        )
        user._monitor_open_invitations = cached
    return cached


def participations_of(user) -> list[Participation]:
    return list(
        Participation.objects.filter(user=user)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign", "report_unit")
        .order_by("-campaign__closes_on")
    )


def unit_rows(campaign: Campaign, *, unit_id, include_self=True) -> list[UnitResult]:
    """A unit's result and its direct children's, with their scale results (2 queries)."""
    query = Q(parent_id=unit_id) if unit_id is not None else Q(parent__isnull=True, unit__isnull=False)
    if include_self:
        query |= Q(unit_id=unit_id) if unit_id is not None else Q(unit__isnull=True)
    rows = list(UnitResult.objects.filter(query, campaign=campaign).prefetch_related("scales"))
    rows.sort(key=lambda r: (r.unit_id != unit_id, r.name))
    return rows


def results_by_units(campaign: Campaign, unit_ids: list) -> list[UnitResult]:
    query = Q(unit_id__in=[u for u in unit_ids if u is not None])
    if None in unit_ids:
        query |= Q(unit__isnull=True)
    return list(UnitResult.objects.filter(query, campaign=campaign).prefetch_related("scales").order_by("path"))


def results_in_subtrees(campaign: Campaign, paths: list[str] | None) -> list[UnitResult]:
    """Every unit result under the given tree paths (None: all), for the CSV export."""
    qs = UnitResult.objects.filter(campaign=campaign)
    if paths is not None:
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(path__startswith=path)
        qs = qs.filter(query)
    return list(qs.prefetch_related("scales").order_by("path"))


def previous_scales(previous: Campaign | None, unit_id) -> dict:
    if previous is None:
        return {}
    qs = ScaleResult.objects.filter(unit_result__campaign=previous)
    qs = qs.filter(unit_result__unit_id=unit_id) if unit_id is not None else qs.filter(unit_result__unit__isnull=True)
    return {row.scale: row for row in qs}


def measures_for_unit(unit_id) -> list[Measure]:
    return list(Measure.objects.filter(unit_id=unit_id).select_related("campaign"))
