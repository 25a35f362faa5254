from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrganisationUnit
from accounts.roles import Role
from core.audit import audit_record_many

from .. import selectors
from ..access import incident_for_user, plan_for_user, step_for_user
from ..forms import AssignForm, GroupMeetingForm, IncidentForm, PeopleSearchForm, ReferralForm, ShareScoreForm
from ..models import CriticalIncident, FollowUpStep, StepKind
from ..regions import region_of_user, supporters_of
from ..services import SupportError, referrals
from ..services import incidents as svc
from ..services.screening import screening_path


def visible_units(user):
    """Units whose staff a user may name in an incident: a manager's managed units, a
    coordinator's region, each with everything below."""
    roots = list(user.managed_units.all()) if user.has_role(Role.MANAGER) else []
    if user.has_role(Role.COORDINATOR):
        region = region_of_user(user)
        if region is not None:
            roots.append(region)
    if not roots:
        return OrganisationUnit.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return OrganisationUnit.objects.filter(condition).order_by("path")


def visible_people(user):
    return (
        get_user_model()
        .objects.filter(unit__in=visible_units(user), is_active=True)
        .exclude(pk=user.pk)
        .order_by("first_name", "last_name")
    )


@login_required
@permission_required("peer_support.register_incident", raise_exception=True)
def incident_list(request):
    user = request.user
    incidents = CriticalIncident.objects.filter(registered_by=user).select_related("unit", "protocol")
    region_incidents = []
    if user.has_role(Role.COORDINATOR):
        region = region_of_user(user)
        region_incidents = (
            CriticalIncident.objects.filter(plans__region=region)
            .exclude(registered_by=user)
            .distinct()
            .select_related("unit", "protocol")
        )
    incidents = selectors.incidents_with_counts(incidents)
    return render(
        request,
        "peer_support/incident_list.html",
        {"incidents": incidents, "region_incidents": region_incidents, "minimum": selectors.incident_min_group()},
    )


PICKER_ACTIONS = ("search", "add", "remove", "add_all")


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


@login_required
@permission_required("peer_support.register_incident", raise_exception=True)
def incident_create(request):
    """Register an incident. The colleagues involved are picked by searching for a name or a
    unit among the people this user may name: without JavaScript each search, add and remove
    sends the form and the page comes back with everything typed so far; with htmx only the
    picker's parts are swapped (`_people_picker.html`)."""
    units, people = visible_units(request.user), visible_people(request.user)
    data = request.POST if request.method == "POST" else None
    search = PeopleSearchForm(data or request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    chosen_ids = _ids(data.getlist("people")) if data else []
    picking = data is not None and any(action in data for action in PICKER_ACTIONS)
    if picking:
        if "add" in data:
            chosen_ids += _ids([data["add"]])
        if "remove" in data:
            chosen_ids = [pk for pk in chosen_ids if str(pk) != data["remove"]]
        if "add_all" in data:
            found, more = selectors.people_search(people, query, exclude=chosen_ids)
            chosen_ids += [] if more else [person.pk for person in found]
        # Nothing is registered: the form comes back with what was typed, and no errors yet.
        fields = ("incident_type", "occurred_at", "unit", "description")
        form = IncidentForm(initial={name: data.get(name) for name in fields}, units=units, people=people)
    else:
        form = IncidentForm(data, units=units, people=people)
        if data is not None and form.is_valid():
            try:
                incident = svc.incident_register(registered_by=request.user, **form.cleaned_data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The incident is registered. Follow-up has started for each colleague."))
                return redirect("peer_support:incident_detail", incident.pk)
    chosen = list(people.filter(pk__in=chosen_ids).select_related("unit"))
    results, more = selectors.people_search(people, query, exclude=[person.pk for person in chosen])
    context = {"form": form, "chosen": chosen, "results": results, "more": more, "q": query}
    return render(request, "peer_support/incident_create.html", context)


@login_required
def incident_detail(request, pk):
    incident = incident_for_user(request.user, pk)
    user = request.user
    region = region_of_user(user) if user.has_role(Role.COORDINATOR) else None
    context = {
        "incident": incident,
        "progress": selectors.incident_progress(incident=incident),
        "minimum": selectors.incident_min_group(),
        "now": timezone.now(),
    }
    if region is not None:
        # A coordinator works the plans of their own region; other regions' people stay hidden.
        plans = list(
            incident.plans.filter(region=region)
            .select_related("person", "supporter")
            .prefetch_related(Prefetch("steps", queryset=FollowUpStep.objects.order_by("due_at")))
        )
        audit_record_many(actor=user, action="follow_up_plan.view", shown=[(plan, plan.person) for plan in plans])
        context["plans"] = plans
        context["supporters"] = supporters_of(region).order_by("first_name")
        context["meeting_form"] = GroupMeetingForm(protocol=incident.protocol)
        context["meetings"] = incident.meetings.select_related("leader")
        context["show_description"] = True
    else:
        context["show_description"] = incident.registered_by_id == user.pk
    return render(request, "peer_support/incident_detail.html", context)


@login_required
@require_POST
def incident_meeting(request, pk):
    incident = incident_for_user(request.user, pk)
    if not request.user.has_role(Role.COORDINATOR):
        return redirect("peer_support:incident_detail", pk)
    form = GroupMeetingForm(request.POST)
    if form.is_valid():
        try:
            svc.group_meeting_schedule(incident=incident, by=request.user, **form.cleaned_data)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The meeting is scheduled and the invitations are on their way."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("peer_support:incident_detail", pk)


@login_required
@require_POST
def plan_assign(request, pk):
    plan = plan_for_user(request.user, pk, action="follow_up_plan.assign")
    if not request.user.has_role(Role.COORDINATOR) or plan.incident_id is None:
        raise Http404
    form = AssignForm(request.POST, supporters=supporters_of(plan.region))
    supporter = form.cleaned_data["supporter"] if form.is_valid() else None
    if supporter is None:
        messages.error(request, _("Choose a colleague."))
    else:
        try:
            svc.plan_assign(plan=plan, supporter=supporter, by=request.user)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The follow-up is assigned."))
    return redirect("peer_support:incident_detail", plan.incident_id)


@login_required
def plan_list(request):
    plans = selectors.plans_of_person(person=request.user)
    return render(request, "peer_support/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, pk):
    plan = plan_for_user(request.user, pk)
    steps = list(plan.steps.select_related("owner").order_by("due_at", "order"))
    is_person = plan.person_id == request.user.pk
    context = {
        "plan": plan,
        "steps": steps,
        "is_person": is_person,
        "now": timezone.now(),
        "protocol": plan.incident.protocol if plan.incident_id else None,
        "meetings": plan.incident.meetings.select_related("leader") if plan.incident_id and not plan.declined else [],
    }
    if plan.supporter_id == request.user.pk and plan.incident_id and not plan.declined:
        context["referral_form"] = ReferralForm()
        context["referrals"] = plan.referrals.all()
    if is_person:
        context["share_form"] = ShareScoreForm()
        context["screening_steps"] = [
            (s, screening_path(s.instrument), svc.score_suggests_psychologist(s.shared_score, s.instrument))
            for s in steps
            if s.kind == StepKind.SCREENING and s.sent_at
        ]
        context["booking_path"] = referrals.booking_path()
    return render(request, "peer_support/plan_detail.html", context)


@login_required
@require_POST
def plan_decline(request, pk):
    plan = plan_for_user(request.user, pk)
    try:
        svc.plan_decline(plan=plan, person=request.user)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Understood. Nobody will contact you about this any more. You can still ask for a talk at any time."),
        )
    return redirect("peer_support:plan_detail", pk)


@login_required
@require_POST
def step_claim(request, pk):
    step = step_for_user(request.user, pk, action="follow_up_step.claim")
    try:
        svc.step_claim(step=step, supporter=request.user)
    except SupportError as error:
        messages.error(request, str(error))
        return redirect("peer_support:queue")
    messages.success(request, _("You have taken this task. Please make contact soon."))
    return redirect("peer_support:plan_detail", step.plan_id)


@login_required
@require_POST
def step_done(request, pk):
    step = step_for_user(request.user, pk, action="follow_up_step.done")
    try:
        svc.step_complete(step=step, by=request.user, skipped=request.POST.get("skipped") == "1")
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Step updated."))
    return redirect("peer_support:plan_detail", step.plan_id)


@login_required
@require_POST
def step_share(request, pk):
    step = step_for_user(request.user, pk)
    form = ShareScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The total lies between 0 and 80."))
    else:
        try:
            svc.screening_share(step=step, person=request.user, score=form.cleaned_data["score"])
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your total is shared with your supporter only."))
    return redirect("peer_support:plan_detail", step.plan_id)
