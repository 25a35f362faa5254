"""Who may see and do what with peer support's private objects.

Views load such objects only through the `..._for_user` helpers here, which return the object
or raise Http404 (existence never leaks) and write the audit log whenever someone looks at
another person's case. The `may_...` rules say what someone may do with an object they may
see; services ask the same rules before they change anything, so a page never offers what the
service would refuse.

Who handles which kind of request comes from `routes.py`. A case is read by the people of the
team that handles it: the route's role and, per region, the coordinators. That is membership
of a role, not a permission, so that a superuser, who holds every permission, is on nobody's
team and reads nobody's case. The pages' doors check permissions; where a rule here serves a
page behind such a door, it asks the same permission (`duty_supporter_for_user`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.http import Http404

from accounts.models import OrganisationUnit
from accounts.roles import Role
from core.audit import audit_record, audit_record_many

from .conflicts import has_conflict
from .models import (
    CriticalIncident,
    DutyAbsence,
    DutyExtraShift,
    DutyPattern,
    DutySwap,
    FollowUpPlan,
    FollowUpStep,
    GroupMeeting,
    IncidentLogEntry,
    ReflectionSeries,
    StepKind,
    SupportRequest,
)
from .regions import region_of_user, supporters_of
from .routes import OTHER_ROUTES, rules_for

PEER = SupportRequest.Route.PEER_SUPPORT


def _handles(user, route: str) -> bool:
    """A member of the team that handles `route` (routes.py): its peer supporters, counsellors..."""
    return user.has_role(rules_for(route).handler_role)


def _coordinates(user) -> bool:
    return user.has_role(Role.COORDINATOR)


def _coordinates_region(user, region) -> bool:
    return region is not None and _coordinates(user) and region_of_user(user) == region


# --- Requests for help ---------------------------------------------------------------------


def may_view_request(user, support_request: SupportRequest) -> bool:
    if support_request.requester_id == user.pk:
        return True
    if support_request.assigned_to_id == user.pk:
        return True
    rules = rules_for(support_request.route)
    if not rules.regional:
        return _handles(user, support_request.route)
    region = region_of_user(user)
    in_regions = region is not None and region.pk in support_request.region_ids
    if not in_regions or has_conflict(user, support_request):
        # Someone in a conflict of interest (conflicts.py) is not one of the request's readers.
        return False
    if _coordinates(user):
        if region.pk == support_request.region_id or support_request.status == SupportRequest.Status.NEW:
            return True
        # A backup region's coordinator keeps access only if one of theirs took it.
        return support_request.assigned_to_id is not None and region_of_user(support_request.assigned_to) == region
    # A new request may be read by the supporters who could take it (region, or backup region).
    if support_request.status == SupportRequest.Status.NEW and _handles(user, PEER):
        if support_request.outside_own_unit and user.unit_id == support_request.requester_unit_id:
            return False
        return in_regions
    return False


def may_handle(user, support_request: SupportRequest) -> bool:
    """Whether `user` may take this request (claim it or be assigned it)."""
    if user.pk == support_request.requester_id or not user.is_active:
        return False
    if not rules_for(support_request.route).regional:
        return _handles(user, support_request.route)
    if not (_handles(user, support_request.route) or _coordinates(user)):
        return False
    if support_request.outside_own_unit and user.unit_id == support_request.requester_unit_id:
        return False
    region = region_of_user(user)
    return region is not None and region.pk in support_request.region_ids and not has_conflict(user, support_request)


def may_claim(user, support_request: SupportRequest) -> bool:
    return support_request.status == SupportRequest.Status.NEW and may_handle(user, support_request)


def may_assign(user, support_request: SupportRequest) -> bool:
    """A coordinator gives a peer support request they may see to a supporter (not their own)."""
    return support_request.route == PEER and _coordinates(user) and support_request.requester_id != user.pk


def may_close(user, support_request: SupportRequest) -> bool:
    """The colleague handling it, or a coordinator of its region."""
    if user.pk == support_request.assigned_to_id:
        return True
    region = region_of_user(user)
    return (
        support_request.route == PEER
        and _coordinates(user)
        and region is not None
        and region.pk in support_request.region_ids
    )


def may_name_support_person(user, support_request: SupportRequest) -> bool:
    route = support_request.route
    return route == SupportRequest.Route.SUPPORT_PERSON and _handles(user, route)


def may_read_notes(user, support_request: SupportRequest) -> bool:
    """Case notes: the colleague handling the request and *their* coordinator only."""
    if support_request.assigned_to_id is None:
        return False
    if support_request.assigned_to_id == user.pk:
        return True
    if support_request.route != PEER or not _coordinates(user):
        return False
    region = region_of_user(user)
    return region is not None and region == region_of_user(support_request.assigned_to)


def may_see_contact(user, support_request: SupportRequest) -> bool:
    """The number or address to reach the person: the one who took the request and, for peer
    support, the coordinators who may open it. Not the others who could still take it."""
    if support_request.requester_id == user.pk or (
        support_request.assigned_to_id and support_request.assigned_to_id == user.pk
    ):
        return True
    return rules_for(support_request.route).regional and _coordinates(user) and may_view_request(user, support_request)


def request_rights(user, support_request: SupportRequest) -> dict[str, bool]:
    """What the request's page offers `user`, by the rules above."""
    return {
        "may_claim": may_claim(user, support_request),
        "is_assignee": support_request.assigned_to_id == user.pk and support_request.is_open,
        "is_requester": support_request.requester_id == user.pk,
        "may_assign": may_assign(user, support_request),
        "may_read_notes": may_read_notes(user, support_request),
        "may_see_contact": may_see_contact(user, support_request),
    }


def support_request_for_user(user, pk, *, action: str = "support_request.view") -> SupportRequest:
    support_request = (
        # The unit of whoever took it: may_read_notes() compares their region with the reader's.
        SupportRequest.objects.select_related("requester", "assigned_to__unit", "region").filter(pk=pk).first()
    )
    if support_request is None or not user.is_authenticated or not may_view_request(user, support_request):
        raise Http404
    if support_request.requester_id != user.pk:
        audit_record(actor=user, action=action, obj=support_request, subject=support_request.requester)
    return support_request


def support_request_for_assignee(user, pk, *, action: str = "support_request.view") -> SupportRequest:
    """An open request `user` took: to book a talk for its colleague."""
    support_request = support_request_for_user(user, pk, action=action)
    if support_request.assigned_to_id != user.pk or not support_request.is_open:
        raise Http404
    return support_request


def support_request_for_coordinator(user, pk, *, action: str) -> SupportRequest:
    support_request = support_request_for_user(user, pk, action=action)
    if not may_assign(user, support_request):
        raise Http404
    return support_request


def help_routes_handled_by(user) -> list[str]:
    """The other help routes (a confidential report, job rotation...) whose requests come to `user`."""
    return [route for route in OTHER_ROUTES if _handles(user, route)]


# --- Availability --------------------------------------------------------------------------


def duty_supporter_for_user(user, supporter_id: int | None):
    """Whose availability `user` sets: their own; or, with the permission of the coordination
    page that lists them, a peer supporter of their region. Anyone else is 404."""
    if not supporter_id or supporter_id == user.pk:
        return user
    if not user.has_perm("accounts.coordinate_support"):
        raise Http404
    supporter = supporters_of(region_of_user(user)).filter(pk=supporter_id).first()
    if supporter is None:
        raise Http404
    return supporter


# --- Follow-up plans and their steps -------------------------------------------------------


def may_view_plan(user, plan: FollowUpPlan) -> bool:
    if plan.person_id == user.pk or plan.supporter_id == user.pk:
        return True
    if plan.request_id:
        return may_view_request(user, plan.request)
    if _coordinates_region(user, plan.region):
        return True
    # An outreach task nobody has taken yet may be read by the region's supporters.
    return (
        plan.supporter_id is None and not plan.declined and _handles(user, PEER) and region_of_user(user) == plan.region
    )


def is_plan_supporter(user, plan: FollowUpPlan) -> bool:
    """The supporter of a running plan after an incident, who may refer the person on."""
    return plan.supporter_id == user.pk and plan.incident_id is not None and not plan.declined


def may_complete_step(user, step: FollowUpStep) -> bool:
    return step.owner_id == user.pk or _coordinates(user)


def plan_for_user(user, pk, *, action: str = "follow_up_plan.view") -> FollowUpPlan:
    plan = (
        FollowUpPlan.objects.select_related("person", "supporter", "incident", "region", "request")
        .filter(pk=pk)
        .first()
    )
    if plan is None or not user.is_authenticated or not may_view_plan(user, plan):
        raise Http404
    if plan.person_id != user.pk:
        audit_record(actor=user, action=action, obj=plan, subject=plan.person)
    return plan


def plan_for_supporter(user, pk) -> FollowUpPlan:
    plan = plan_for_user(user, pk)
    if not is_plan_supporter(user, plan):
        raise Http404
    return plan


def plan_for_coordinator(user, pk, *, action: str) -> FollowUpPlan:
    """A plan after an incident, for a coordinator to give to a supporter."""
    plan = plan_for_user(user, pk, action=action)
    if not _coordinates(user) or plan.incident_id is None:
        raise Http404
    return plan


def step_for_user(user, pk, *, action: str = "follow_up_step.change") -> FollowUpStep:
    step = FollowUpStep.objects.select_related("plan").filter(pk=pk).first()
    if step is None:
        raise Http404
    plan_for_user(user, step.plan_id, action=action)
    return step


def screening_step_for_person(user, pk) -> FollowUpStep:
    """A self-check step of the person's own plan, sent to them; anyone else: 404."""
    step = FollowUpStep.objects.filter(
        pk=pk, kind=StepKind.SCREENING, plan__person_id=user.pk, sent_at__isnull=False
    ).first()
    if step is None:
        raise Http404
    return step


# --- Critical incidents --------------------------------------------------------------------


def may_view_incident(user, incident: CriticalIncident) -> bool:
    """The registrant (who sees counts only) and the coordinators of the regions involved."""
    if incident.registered_by_id == user.pk:
        return True
    if not _coordinates(user):
        return False
    region = region_of_user(user)
    return region is not None and incident.plans.filter(region=region).exists()


def may_schedule_meeting(user, incident: CriticalIncident) -> bool:
    """Who calls a group meeting (and moves or cancels it): the manager who registered the
    incident, as the Danish protocol has it, and the coordinators of the regions involved."""
    if not user.is_authenticated or not user.is_active:
        return False
    if incident.registered_by_id == user.pk:
        return True
    region = region_of_user(user) if _coordinates(user) else None
    return region is not None and incident.plans.filter(region=region).exists()


def may_change_meeting(user, meeting: GroupMeeting) -> bool:
    return meeting.is_planned and may_schedule_meeting(user, meeting.incident)


def may_mark_meeting_held(user, meeting: GroupMeeting, now) -> bool:
    """Only the leader, once the meeting has started: planning it completes nothing."""
    return meeting.is_planned and meeting.leader_id == user.pk and now >= meeting.starts_at


def meeting_leaders_for(incident: CriticalIncident | None = None):
    """Who may lead a group meeting: a psychologist, or a peer supporter the coordinator marked
    as trained to lead one; never one of the colleagues the meeting is for."""
    leaders = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__name=str(Role.PSYCHOLOGIST))
            | Q(groups__name=str(Role.PEER_SUPPORTER), support_duty__leads_group_meetings=True)
        )
    )
    if incident is not None:
        leaders = leaders.exclude(follow_up_plans__incident=incident)
    return leaders.distinct().order_by("first_name", "last_name", "email")


def meeting_for_user(user, pk) -> GroupMeeting:
    """A group meeting, for its leader and for whoever may call it; anyone else: 404."""
    meeting = GroupMeeting.objects.select_related("incident", "leader").filter(pk=pk).first()
    if meeting is None or not user.is_authenticated:
        raise Http404
    if meeting.leader_id != user.pk and not may_schedule_meeting(user, meeting.incident):
        raise Http404
    return meeting


def incident_for_user(user, pk) -> CriticalIncident:
    incident = CriticalIncident.objects.select_related("unit", "protocol", "registered_by").filter(pk=pk).first()
    if incident is None or not user.is_authenticated or not may_view_incident(user, incident):
        raise Http404
    return incident


def region_incidents_for_user(user):
    """Incidents others registered that involve people of a coordinator's region; none for anyone else."""
    if not _coordinates(user):
        return CriticalIncident.objects.none()
    return (
        CriticalIncident.objects.filter(plans__region=region_of_user(user))
        .exclude(registered_by=user)
        .distinct()
        .select_related("unit", "protocol")
    )


def incident_plans_for_user(user, incident: CriticalIncident) -> list[FollowUpPlan] | None:
    """The plans of an incident a coordinator works: their own region's, each look in the
    person's access log. None for anyone else: the registrant sees counts only."""
    region = region_of_user(user) if _coordinates(user) else None
    if region is None:
        return None
    plans = list(
        incident.plans.filter(region=region)
        .select_related("person", "supporter")
        .prefetch_related(Prefetch("steps", queryset=FollowUpStep.objects.order_by("due_at")))
    )
    audit_record_many(actor=user, action="follow_up_plan.view", shown=[(plan, plan.person) for plan in plans])
    return plans


def incident_units_for_user(user):
    """Units whose staff a user may name in an incident: a manager's managed units, a
    coordinator's region, each with everything below."""
    roots = list(user.managed_units.all()) if user.has_role(Role.MANAGER) else []
    if _coordinates(user):
        region = region_of_user(user)
        if region is not None:
            roots.append(region)
    if not roots:
        return OrganisationUnit.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return OrganisationUnit.objects.filter(condition).order_by("path")


def incident_people_for_user(user):
    return (
        get_user_model()
        .objects.filter(unit__in=incident_units_for_user(user), is_active=True)
        .exclude(pk=user.pk)
        .order_by("first_name", "last_name")
    )


# --- The private incident log and reflection meetings --------------------------------------


def log_entry_for_user(user, pk) -> IncidentLogEntry:
    """Only the owner, ever; nobody else's view is possible, so there is nothing to audit."""
    entry = IncidentLogEntry.objects.filter(pk=pk, owner_id=user.pk).first()
    if entry is None:
        raise Http404
    return entry


def deleted_log_entry_for_user(user, pk) -> IncidentLogEntry:
    """An entry its owner deleted and may still bring back (the undo checks the time)."""
    entry = IncidentLogEntry.all_objects.filter(pk=pk, owner_id=user.pk, deleted_at__isnull=False).first()
    if entry is None:
        raise Http404
    return entry


def reflection_series_for_user(user, pk) -> ReflectionSeries:
    series = ReflectionSeries.objects.select_related("team", "framework").filter(pk=pk).first()
    if series is None or not (series.leader_id == user.pk or series.participants.filter(pk=user.pk).exists()):
        raise Http404
    return series


# --- The duty rota -------------------------------------------------------------------------


def rota_region_for_coordinator(user):
    """The region whose rota `user` keeps: a coordinator's own region. Anyone else: 404."""
    region = region_of_user(user) if _coordinates(user) else None
    if region is None:
        raise Http404
    return region


def _rota_object_for_coordinator(model, user, pk):
    region = rota_region_for_coordinator(user)
    found = model.objects.select_related("person", "region").filter(pk=pk, region=region).first()
    if found is None:
        raise Http404
    return found


def duty_pattern_for_coordinator(user, pk) -> DutyPattern:
    return _rota_object_for_coordinator(DutyPattern, user, pk)


def duty_extra_for_coordinator(user, pk) -> DutyExtraShift:
    return _rota_object_for_coordinator(DutyExtraShift, user, pk)


def duty_absence_for_coordinator(user, pk) -> DutyAbsence:
    return _rota_object_for_coordinator(DutyAbsence, user, pk)


def duty_pattern_of_person(user, pk) -> DutyPattern:
    """One of `user`'s own weekly shifts (to offer it to a colleague)."""
    pattern = DutyPattern.objects.select_related("region").filter(pk=pk, person_id=user.pk).first()
    if pattern is None:
        raise Http404
    return pattern


def duty_swap_for_user(user, pk) -> DutySwap:
    """A swap of a shift: for the one who has the shift, the colleague it is offered to, and
    the coordinators of its region."""
    swap = DutySwap.objects.select_related("pattern__region", "pattern__person", "substitute").filter(pk=pk).first()
    if swap is None or not user.is_authenticated:
        raise Http404
    if user.pk in (swap.pattern.person_id, swap.substitute_id) or _coordinates_region(user, swap.pattern.region):
        return swap
    raise Http404


def coordinates_rota_of(user, region) -> bool:
    return _coordinates_region(user, region)
