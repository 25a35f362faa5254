"""Critical incidents: registering one, with the people picker, and the coordinator's page of it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError
from organisations.selectors import organisation_of

from .. import selectors
from ..access import (
    incident_for_user,
    incident_people_for_user,
    incident_plans_for_user,
    incident_units_for_user,
    may_schedule_meeting,
    region_incidents_for_user,
)
from ..forms import GroupMeetingForm, IncidentForm, PeopleSearchForm
from ..models import CriticalIncident
from ..regions import region_of_user, supporters_of
from ..services import incidents as svc
from ..services import meetings


@login_required
@permission_required("peer_support.register_incident", raise_exception=True)
def incident_list(request):
    user = request.user
    incidents = CriticalIncident.objects.filter(registered_by=user).select_related("unit", "protocol")
    region_incidents = region_incidents_for_user(user)
    organisation = organisation_of(user)
    incidents = selectors.incidents_with_counts(incidents=incidents, organisation=organisation)
    return render(
        request,
        "peer_support/incident_list.html",
        {
            "incidents": incidents,
            "region_incidents": region_incidents,
            "minimum": selectors.incident_min_group(organisation),
        },
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
    units, people = incident_units_for_user(request.user), incident_people_for_user(request.user)
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
            found, more = selectors.people_search(people=people, query=query, exclude=chosen_ids)
            chosen_ids += [] if more else [person.pk for person in found]
        # Nothing is registered: the form comes back with what was typed, and no errors yet.
        fields = ("incident_type", "occurred_at", "unit", "description")
        form = IncidentForm(initial={name: data.get(name) for name in fields}, units=units, people=people)
    else:
        form = IncidentForm(data, units=units, people=people)
        if data is not None and form.is_valid():
            try:
                incident = svc.incident_register(registered_by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The incident is registered. Follow-up has started for each colleague."))
                return redirect(incident)
    chosen = list(people.filter(pk__in=chosen_ids).select_related("unit"))
    results, more = selectors.people_search(people=people, query=query, exclude=[person.pk for person in chosen])
    context = {"form": form, "chosen": chosen, "results": results, "more": more, "q": query}
    return render(request, "peer_support/incident_create.html", context)


@login_required
def incident_detail(request, pk):
    incident = incident_for_user(request.user, pk)
    user = request.user
    plans = incident_plans_for_user(user, incident)
    context = {
        "incident": incident,
        "progress": selectors.incident_progress(incident=incident, organisation=organisation_of(user)),
        "minimum": selectors.incident_min_group(organisation_of(user)),
        "now": timezone.now(),
    }
    if plans is not None:
        # A coordinator works the plans of their own region; other regions' people stay hidden.
        context["plans"] = plans
        context["supporters"] = supporters_of(region_of_user(user)).order_by("first_name")
        context["show_description"] = True
    else:
        context["show_description"] = incident.registered_by_id == user.pk
    if may_schedule_meeting(user, incident):
        context["meeting_form"] = GroupMeetingForm(incident=incident)
        context["meetings"] = list(incident.meetings.select_related("leader"))
    return render(request, "peer_support/incident_detail.html", context)


@login_required
@require_POST
def incident_meeting(request, pk):
    incident = incident_for_user(request.user, pk)
    if not may_schedule_meeting(request.user, incident):
        raise Http404
    schedule = partial(meetings.group_meeting_schedule, incident=incident, by=request.user)
    success = _("The meeting is scheduled and the invitations are on their way.")
    form = GroupMeetingForm(request.POST, incident=incident)
    return post_action(request, schedule, success=success, then=incident, form=form)
