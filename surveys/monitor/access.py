"""Who may read which monitor results and measures. One place; unknown or not yours: 404.

- The wellbeing officer (surveys.manage_campaigns) reads every unit and the whole.
- A manager (accounts.view_unit_aggregates) reads the units they manage and below.
- An employee reads the published result of their own report unit (or the nearest unit
  above it that is shown), for campaigns they were invited to.
All of them only ever see what `privacy` allowed at close: hidden figures are not stored.
"""

from dataclasses import dataclass, field

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


def get_campaign_results_for(user, pk) -> tuple[Campaign, Scope]:
    campaign = get_object_or_404(Campaign, pk=pk)
    scope = results_scope(user, campaign)
    if scope is None:
        raise Http404
    return campaign, scope


def get_unit_result_for(user, campaign: Campaign, scope: Scope, unit_key: str) -> UnitResult:
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


def get_unit_for_measures(user, unit_id) -> OrganisationUnit:
    unit = get_object_or_404(OrganisationUnit, pk=unit_id)
    if not can_manage_unit(user, unit):
        raise Http404
    return unit


def get_measure_for(user, pk) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("unit", "campaign"), pk=pk)
    if not can_manage_unit(user, measure.unit):
        raise Http404
    return measure
