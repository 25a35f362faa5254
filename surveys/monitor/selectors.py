"""Read-side queries shared by the monitor's views (each a constant number of queries)."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Campaign, Draft, Measure, Participation, Response, ScaleResult, Submission, UnitResult


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
                campaign__status=Campaign.Status.OPEN,
                campaign__opens_on__lte=today,
                campaign__closes_on__gte=today,
            )
            .exclude(campaign_id__in=Submission.objects.filter(user=user).values("campaign_id"))
            .select_related("campaign")
        )
        user._monitor_open_invitations = cached
    return cached


def answered_campaign_ids(user) -> set:
    """The open campaigns this person has answered (closed ones no longer know)."""
    return set(Submission.objects.filter(user=user).values_list("campaign_id", flat=True))


def drafted_campaign_ids(user) -> set:
    return set(Draft.objects.filter(user=user).values_list("campaign_id", flat=True))


def answered_counts(campaigns: list[Campaign]) -> dict:
    """How many answered, per campaign, where that may be shown (None: hidden). Open: the
    answers moved so far, within the minimum-group rule; closed: the whole population's
    stored count, which close hides wherever the response rate is hidden (2 queries)."""
    from .services import answered_so_far

    found = {}
    closed = [c.pk for c in campaigns if c.is_closed]
    whole = dict(
        UnitResult.objects.filter(campaign_id__in=closed, unit__isnull=True).values_list("campaign_id", "respondents")
    )
    moved = dict(
        Response.objects.filter(campaign_id__in=[c.pk for c in campaigns if c.is_open])
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "n")
        .order_by()
    )
    for campaign in campaigns:
        if campaign.is_closed:
            found[campaign.pk] = whole.get(campaign.pk)
        elif campaign.is_open:
            found[campaign.pk] = answered_so_far(campaign, moved=moved.get(campaign.pk, 0))
    return found


def invitees(units):
    """The people a launch invites: the active accounts of these units (the campaign's
    units and everything below them)."""
    from accounts.models import User

    return User.objects.filter(is_active=True, deactivated_at__isnull=True, unit__in=units)


def invitees_count(campaign: Campaign) -> int:
    """How many people launching this campaign now would invite (2 queries)."""
    from .services import campaign_tree_units

    units = campaign_tree_units(campaign)
    return invitees(units).count() if units else 0


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
