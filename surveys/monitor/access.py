"""Who may open which monitor object. One place; unknown or not yours: 404.

The role is checked at the door (`@permission_required`): `surveys.manage_campaigns` for
the wellbeing officer's pages, `accounts.view_unit_aggregates` (which managers and the
wellbeing officer both have) for the results and measures. The helpers here decide whose
object it is and return it, or raise Http404:

- An employee answers and reads only campaigns they were invited to, once launched: the
  published result of their own report unit (or the nearest unit above it that is shown).
- The wellbeing officer (surveys.manage_campaigns) sets up campaigns and reads every unit
  and the whole.
- A manager (accounts.view_unit_aggregates) reads the units they manage and below, and
  plans measures for them.
All of them only ever see what `privacy` allowed at close: hidden figures are not stored.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import OrganisationUnit

from .models import Campaign, Measure, Participation, UnitResult


@dataclass
class Scope:
    everything: bool = False
    paths: list[str] = field(default_factory=list)  # subtrees this reader may see
    unit_ids: list = field(default_factory=list)  # the top units to start from

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.paths)


def is_officer(user) -> bool:
    return user.has_perm("surveys.manage_campaigns")


def is_manager(user) -> bool:
    return user.has_perm("accounts.view_unit_aggregates")


def results_scope(user, campaign: Campaign) -> Scope | None:
    """What of a closed campaign's results this reader may see; None for nothing."""
    if not campaign.is_closed:
        return None
    if is_officer(user):
        return Scope(everything=True, unit_ids=[None])
    if is_manager(user):
        units = list(user.managed_units.all())
        if units:
            return Scope(paths=[u.path for u in units], unit_ids=[u.pk for u in units])
    return None


def employee_result(user, campaign: Campaign) -> UnitResult | None:
    """The published result of this person's own report unit (or the nearest shown unit above)."""
    if not campaign.is_closed:
        return None
    participation = Participation.objects.filter(campaign=campaign, user=user).select_related("report_unit").first()
    if participation is None:
        return None
    if participation.report_unit is None:  # reports at the whole population
        return UnitResult.objects.filter(campaign=campaign, unit__isnull=True, shown=True).first()
    path = participation.report_unit.path
    step = OrganisationUnit.steplen
    prefixes = [path[:i] for i in range(step, len(path) + 1, step)]
    candidates = {r.path: r for r in UnitResult.objects.filter(campaign=campaign, path__in=prefixes, shown=True)}
    for prefix in reversed(prefixes):
        if prefix in candidates:
            return candidates[prefix]
    return UnitResult.objects.filter(campaign=campaign, unit__isnull=True, shown=True).first()


def participation_for_user(user, campaign_id) -> Participation:
    """The person's own invitation to a launched campaign (with the campaign)."""
    participation = Participation.objects.filter(campaign_id=campaign_id, user=user).select_related("campaign").first()
    if participation is None or participation.campaign.status == Campaign.Status.DRAFT:
        raise Http404
    return participation


def own_unit_result_for_user(user, campaign_id) -> tuple[Campaign, UnitResult]:
    """The published result an invited person may read about their own unit."""
    campaign = participation_for_user(user, campaign_id).campaign
    result = employee_result(user, campaign)
    if result is None:
        raise Http404
    return campaign, result


def campaign_for_officer(user, pk, *, status: str | None = None) -> Campaign:
    """A campaign (only in `status`, when given) for the wellbeing officer who runs them."""
    if not is_officer(user):
        raise Http404
    campaigns = Campaign.objects.all() if status is None else Campaign.objects.filter(status=status)
    return get_object_or_404(campaigns, pk=pk)


def campaigns_for_user(user) -> list[Campaign]:
    """The campaigns a reader lists: every one for the officer, the closed ones for a manager."""
    if is_officer(user):
        return list(Campaign.objects.all())
    return list(Campaign.objects.filter(status=Campaign.Status.CLOSED))


def results_campaign_for_user(user, pk) -> tuple[Campaign, Scope]:
    """A closed campaign and what of its results this reader may see."""
    campaign = get_object_or_404(Campaign, pk=pk)
    scope = results_scope(user, campaign)
    if scope is None:
        raise Http404
    return campaign, scope


def start_result_for(campaign: Campaign, scope: Scope) -> UnitResult | None:
    """Where a reader of everything starts: the whole population (the campaign's one top
    unit, when it has one). None for a reader of some units, who starts from an overview."""
    if not scope.everything:
        return None
    tops = list(UnitResult.objects.filter(campaign=campaign, unit__isnull=False, parent__isnull=True)[:2])
    if len(tops) == 1:
        return tops[0]
    return get_object_or_404(UnitResult, campaign=campaign, unit__isnull=True)


def unit_result_for_user(user, campaign: Campaign, scope: Scope, unit_key: str) -> UnitResult:
    if unit_key == "all":
        if not scope.everything:
            raise Http404
        return get_object_or_404(UnitResult, campaign=campaign, unit__isnull=True)
    try:
        unit_id = int(unit_key)
    except (TypeError, ValueError):
        raise Http404 from None
    result = get_object_or_404(UnitResult, campaign=campaign, unit_id=unit_id)
    if not scope.covers(result.path):
        raise Http404
    return result


def can_manage_unit(user, unit: OrganisationUnit) -> bool:
    if is_officer(user):
        return True
    if is_manager(user):
        return any(unit.path.startswith(u.path) for u in user.managed_units.all())
    return False


def measure_unit_for_user(user, unit_id) -> OrganisationUnit:
    """A unit this reader may plan measures for."""
    unit = get_object_or_404(OrganisationUnit, pk=unit_id)
    if not can_manage_unit(user, unit):
        raise Http404
    return unit


def measure_for_user(user, pk) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("unit", "campaign"), pk=pk)
    if not can_manage_unit(user, measure.unit):
        raise Http404
    return measure


def measures_for_user(user, *, status: str = "") -> list[Measure]:
    """The measures of every unit (officer) or of the units this manager manages, in
    `status` when it is one."""
    measures = Measure.objects.select_related("unit", "campaign")
    if not is_officer(user):
        query = Q(pk__in=[])
        for path in [unit.path for unit in user.managed_units.all()]:
            query |= Q(unit__path__startswith=path)
        measures = measures.filter(query)
    if status in Measure.Status.values:
        measures = measures.filter(status=status)
    return list(measures.order_by("status", "due_on"))
