"""Who may see which private object. Every view loads such objects only through these
helpers, which return the object or raise Http404 (existence never leaks) and write the
audit log whenever someone looks at another person's case."""

from django.http import Http404

from accounts.roles import Role
from core.audit import audit_record

from .models import CriticalIncident, FollowUpPlan, FollowUpStep, IncidentLogEntry, ReflectionSeries, SupportRequest
from .regions import region_of_user
from .routes import rules_for


def _is_region_coordinator(user, region) -> bool:
    return region is not None and user.has_role(Role.COORDINATOR) and region_of_user(user) == region


def may_view_request(user, request: SupportRequest) -> bool:
    if request.requester_id == user.pk:
        return True
    if request.assigned_to_id == user.pk:
        return True
    rules = rules_for(request.route)
    if not rules.regional:
        return user.has_role(rules.handler_role)
    region = region_of_user(user)
    in_regions = region is not None and region.pk in request.region_ids
    if in_regions and user.has_role(Role.COORDINATOR):
        if region.pk == request.region_id or request.status == SupportRequest.Status.NEW:
            return True
        # A backup region's coordinator keeps access only if one of theirs took it.
        return request.assigned_to_id is not None and region_of_user(request.assigned_to) == region
    # A new request may be read by the supporters who could take it (region, or backup region).
    if request.status == SupportRequest.Status.NEW and user.has_role(Role.PEER_SUPPORTER):
        if request.outside_own_unit and user.unit_id == request.requester_unit_id:
            return False
        return in_regions
    return False


def may_read_notes(user, request: SupportRequest) -> bool:
    """Case notes: the colleague handling the request and *their* coordinator only."""
    if request.assigned_to_id is None:
        return False
    if request.assigned_to_id == user.pk:
        return True
    if request.route != SupportRequest.Route.PEER_SUPPORT or not user.has_role(Role.COORDINATOR):
        return False
    region = region_of_user(user)
    return region is not None and region == region_of_user(request.assigned_to)


def may_see_contact(user, request: SupportRequest) -> bool:
    """The number or address to reach the person: the one who took the request and, for peer
    support, the coordinators who may open it. Not the others who could still take it."""
    if request.requester_id == user.pk or (request.assigned_to_id and request.assigned_to_id == user.pk):
        return True
    return rules_for(request.route).regional and user.has_role(Role.COORDINATOR) and may_view_request(user, request)


def support_request_for_user(user, pk, *, action: str = "support_request.view") -> SupportRequest:
    request = SupportRequest.objects.select_related("requester", "assigned_to", "region").filter(pk=pk).first()
    if request is None or not user.is_authenticated or not may_view_request(user, request):
        raise Http404
    if request.requester_id != user.pk:
        audit_record(actor=user, action=action, obj=request, subject=request.requester)
    return request


def may_view_plan(user, plan: FollowUpPlan) -> bool:
    if plan.person_id == user.pk or plan.supporter_id == user.pk:
        return True
    if plan.request_id:
        return may_view_request(user, plan.request)
    if _is_region_coordinator(user, plan.region):
        return True
    # An outreach task nobody has taken yet may be read by the region's supporters.
    return (
        plan.supporter_id is None
        and not plan.declined
        and user.has_role(Role.PEER_SUPPORTER)
        and region_of_user(user) == plan.region
    )


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


def step_for_user(user, pk, *, action: str = "follow_up_step.change") -> FollowUpStep:
    step = FollowUpStep.objects.select_related("plan").filter(pk=pk).first()
    if step is None:
        raise Http404
    plan_for_user(user, step.plan_id, action=action)
    return step


def may_view_incident(user, incident: CriticalIncident) -> bool:
    """The registrant (who sees counts only) and the coordinators of the regions involved."""
    if incident.registered_by_id == user.pk:
        return True
    if not user.has_role(Role.COORDINATOR):
        return False
    region = region_of_user(user)
    return region is not None and incident.plans.filter(region=region).exists()


def incident_for_user(user, pk) -> CriticalIncident:
    incident = CriticalIncident.objects.select_related("unit", "protocol", "registered_by").filter(pk=pk).first()
    if incident is None or not user.is_authenticated or not may_view_incident(user, incident):
        raise Http404
    return incident


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
