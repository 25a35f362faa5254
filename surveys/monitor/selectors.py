"""Read-side queries of the monitor, shared by views, services and tasks (each a constant
number of queries). Nothing here writes."""

import json

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import OrganisationUnit

from .models import (
    MIN_GROUP_FLOOR,
    MIN_GROUP_HEALTH_FLOOR,
    Campaign,
    Comment,
    Draft,
    Measure,
    Participation,
    Response,
    ScaleResult,
    Submission,
    UnitResult,
)
from .privacy import answered_so_far


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


def campaign_tree_units(campaign: Campaign) -> list[OrganisationUnit]:
    """Every unit in the campaign's population units and below them (one query)."""
    roots = list(campaign.units.all())
    if not roots:
        return []
    query = Q()
    for root in roots:
        query |= Q(path__startswith=root.path)
    return list(OrganisationUnit.objects.filter(query).order_by("path"))


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (
        Campaign.objects.filter(status=Campaign.Status.CLOSED, closes_on__lt=campaign.closes_on)
        .exclude(pk=campaign.pk)
        .order_by("-closes_on", "-pk")
        .first()
    )


def campaign_defaults(organisation=None) -> dict:
    """The minimum groups a new campaign starts with: the organisation's (else the deployment's
    settings), never below the floors (neither an organisation nor `MONITOR_MIN_GROUP` and
    `MONITOR_MIN_GROUP_HEALTH` can lower them)."""
    if organisation is not None and organisation.pk:
        return {
            "min_group": organisation.effective_monitor_min_group,
            "min_group_health": organisation.effective_monitor_min_group_health,
        }
    return {
        "min_group": max(MIN_GROUP_FLOOR, getattr(settings, "MONITOR_MIN_GROUP", MIN_GROUP_FLOOR)),
        "min_group_health": max(
            MIN_GROUP_HEALTH_FLOOR, getattr(settings, "MONITOR_MIN_GROUP_HEALTH", MIN_GROUP_HEALTH_FLOOR)
        ),
    }


def has_answered(participation: Participation) -> bool:
    return Submission.objects.filter(campaign_id=participation.campaign_id, user_id=participation.user_id).exists()


def draft_of(participation: Participation) -> dict:
    """The person's own unfinished answers: {"answers": {...}, "comment": "..."} ({} if none)."""
    draft = Draft.objects.filter(campaign_id=participation.campaign_id, user_id=participation.user_id).first()
    if draft is None:
        return {}
    return {"answers": json.loads(draft.answers or "{}"), "comment": draft.comment or ""}


def answered_campaign_ids(user) -> set:
    """The open campaigns this person has answered (closed ones no longer know)."""
    return set(Submission.objects.filter(user=user).values_list("campaign_id", flat=True))


def drafted_campaign_ids(user) -> set:
    return set(Draft.objects.filter(user=user).values_list("campaign_id", flat=True))


def answered_counts(campaigns: list[Campaign]) -> dict:
    """How many answered, per campaign, where that may be shown (None: hidden). Open: the
    answers moved so far, within the minimum-group rule; closed: the whole population's
    stored count, which close hides wherever the response rate is hidden (2 queries)."""
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
    units = campaign_tree_units(campaign)
    return invitees(units).count() if units else 0


def participations_of(user) -> list[Participation]:
    return list(
        Participation.objects.filter(user=user)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign", "report_unit")
        .order_by("-campaign__closes_on")
    )


def page_results(campaign: Campaign, *, unit_id, include_children=True) -> tuple[UnitResult | None, list[UnitResult]]:
    """What one dashboard page shows, each row with its scale results, in 2 queries however
    many units there are: the whole population's result, and the rows of the page: the
    unit's own result followed by its direct children's by name (`include_children`), or the
    whole followed by the campaign's top units (`unit_id` None)."""
    query = Q(unit__isnull=True)
    if unit_id is not None:
        query |= Q(unit_id=unit_id)
    if include_children:
        query |= Q(parent_id=unit_id) if unit_id is not None else Q(parent__isnull=True, unit__isnull=False)
    found = list(UnitResult.objects.filter(query, campaign=campaign).prefetch_related("scales"))
    whole = next((r for r in found if r.unit_id is None), None)
    own = [r for r in found if r.unit_id == unit_id]
    children = sorted((r for r in found if r.unit_id is not None and r.unit_id != unit_id), key=lambda r: r.name)
    return whole, own + (children if include_children else [])


def results_by_units(campaign: Campaign, unit_ids: list) -> list[UnitResult]:
    query = Q(unit_id__in=[u for u in unit_ids if u is not None])
    if None in unit_ids:
        query |= Q(unit__isnull=True)
    return list(UnitResult.objects.filter(query, campaign=campaign).prefetch_related("scales").order_by("path"))


def results_for_csv(campaign: Campaign, paths: list[str] | None) -> list[UnitResult]:
    """The rows of the CSV export: every unit result under the given tree paths after the
    whole population's, or (`paths` None) every one (the whole's path "" sorts first)."""
    qs = UnitResult.objects.filter(campaign=campaign)
    if paths is None:
        return list(qs.prefetch_related("scales").order_by("path"))
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(path__startswith=path)
    whole = list(UnitResult.objects.filter(campaign=campaign, unit__isnull=True).prefetch_related("scales"))
    return whole + list(qs.filter(query).prefetch_related("scales").order_by("path"))


def latest_closed_campaign() -> Campaign | None:
    return Campaign.objects.filter(status=Campaign.Status.CLOSED).first()


def previous_scales(previous: Campaign | None, unit_id) -> dict:
    if previous is None:
        return {}
    qs = ScaleResult.objects.filter(unit_result__campaign=previous)
    qs = qs.filter(unit_result__unit_id=unit_id) if unit_id is not None else qs.filter(unit_result__unit__isnull=True)
    return {row.scale: row for row in qs}


def comments_shown(campaign: Campaign, result: UnitResult) -> list[str]:
    """The comments of a unit (and below it), only where its health figures are shown (the
    health minimum), in the order of their random keys, at most 200."""
    if not (result.health_shown and campaign.free_text):
        return []
    comments = Comment.objects.filter(campaign=campaign).order_by("id")
    if result.unit_id is not None:
        comments = comments.filter(report_unit__path__startswith=result.path)
    return list(comments.values_list("text", flat=True)[:200])


def has_published_results(user) -> bool:
    """Whether this person was invited to a campaign that has closed (and so has results)."""
    return Participation.objects.filter(user=user, campaign__status=Campaign.Status.CLOSED).exists()


def measures_for_unit(unit_id) -> list[Measure]:
    return list(Measure.objects.filter(unit_id=unit_id).select_related("campaign"))
