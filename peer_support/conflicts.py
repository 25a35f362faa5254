"""Conflicts of interest: who must never be offered someone's request for peer support.

Someone in a conflict is not told of the request, cannot open it while nobody has it,
cannot take it and cannot be given it by a coordinator. A supporter or a coordinator is in
conflict with a request when they are:

- in the requester's own team: the unit the requester belonged to when they asked;
- in the requester's line of command, which in the organisation's data is:
  a manager of the requester's unit or of a unit above it (`managed_units`); someone the
  requester manages (their unit, or one above it, is among the requester's `managed_units`);
  someone working in a unit above the requester's but below the region (the district that
  leads the requester's team); someone working in a unit below the requester's when that
  unit is below the region (a team of the district the requester works at). The region and
  the units above it do not count: everyone of the region is below them, and the region's
  coordinators sit there;
- involved in the same critical incident as the requester (both have a follow-up plan of it);
- named by the requester as someone who must not see it;
- the supporter who handed it back: it is not offered to them again.

The same rules are written twice, once as a condition on requests (for a queue) and once as
a condition on people (for whom to tell); `tests/peer_support/test_conflict_of_interest.py`
checks that the two agree.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import OrganisationUnit

from .models import FollowUpPlan, HandBack, SupportRequest
from .regions import _ancestor_paths, region_of


def _depth(path: str) -> int:
    return len(path) // OrganisationUnit.steplen


def _command_depth(unit: OrganisationUnit) -> int:
    """Units deeper than this are below the unit's region, where a line of command is drawn."""
    region = region_of(unit)
    return region.depth if region is not None else 1


def _incidents_of(person_id):
    return FollowUpPlan.objects.filter(person_id=person_id, incident__isnull=False).values("incident_id")


def requests_in_conflict_for(user) -> Q:
    """A condition on SupportRequest: the requests `user` is in conflict with."""
    condition = Q(excluded_people=user) | Q(hand_backs__supporter=user)
    condition |= Q(requester__follow_up_plans__incident__in=_incidents_of(user.pk))
    managed = [unit.path for unit in user.managed_units.all()]
    for path in managed:  # they manage the requester's unit or one above it
        condition |= Q(requester_unit__path__startswith=path)
    unit = user.unit
    if unit is not None:
        ancestors = _ancestor_paths(unit)
        below = _command_depth(unit)
        condition |= Q(requester_unit=unit)
        # The requester manages them.
        condition |= Q(requester__managed_units__path__in=ancestors)
        if unit.depth > below:  # they work above the requester, below the region
            condition |= Q(requester_unit__path__startswith=unit.path)
        # The requester works above them, below the region.
        condition |= Q(requester_unit__path__in=[path for path in ancestors[:-1] if _depth(path) > below])
    return condition


def people_in_conflict_with(support_request: SupportRequest):
    """The people (of any role) in conflict with `support_request`."""
    requester = support_request.requester
    condition = Q(pk__in=support_request.excluded_people.values("pk"))
    condition |= Q(pk__in=HandBack.objects.filter(request=support_request).values("supporter_id"))
    condition |= Q(follow_up_plans__incident__in=_incidents_of(requester.pk))
    for managed in requester.managed_units.all():  # the requester manages them
        condition |= Q(unit__path__startswith=managed.path)
    unit = support_request.requester_unit
    if unit is not None:
        ancestors = _ancestor_paths(unit)
        below = _command_depth(unit)
        condition |= Q(unit=unit)
        condition |= Q(managed_units__path__in=ancestors)
        condition |= Q(unit__path__in=[path for path in ancestors[:-1] if _depth(path) > below])
        if unit.depth > below:
            condition |= Q(unit__path__startswith=unit.path)
    return get_user_model().objects.filter(condition).distinct()


def has_conflict(user, support_request: SupportRequest) -> bool:
    """Whether `user` is in conflict with this peer support request (one query; not remembered,
    since a hand-back or a newly registered incident changes the answer)."""
    if support_request.route != SupportRequest.Route.PEER_SUPPORT or support_request.pk is None:
        return False
    return SupportRequest.objects.filter(pk=support_request.pk).filter(requests_in_conflict_for(user)).exists()
