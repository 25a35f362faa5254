"""Reflection meetings: a team leader plans them, the participants see the dates and questions."""

from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError

from ..access import reflection_series_for_user
from ..forms import ReflectionSeriesForm
from ..models import ReflectionSeries
from ..services import reflection as svc


def _team_members(user):
    units = list(user.managed_units.all())
    if not units:
        return get_user_model().objects.none()
    condition = Q()
    for unit in units:
        condition |= Q(unit__path__startswith=unit.path)
    return get_user_model().objects.filter(condition, is_active=True).exclude(pk=user.pk).order_by("first_name")


@login_required
def reflection_list(request):
    user = request.user
    led = ReflectionSeries.objects.filter(leader=user).select_related("team", "framework")
    joined = ReflectionSeries.objects.filter(participants=user, cancelled_at__isnull=True).select_related("framework")
    return render(
        request,
        "peer_support/reflection_list.html",
        {"led": led, "joined": joined, "may_lead": user.has_perm("peer_support.lead_reflection")},
    )


@login_required
@permission_required("peer_support.lead_reflection", raise_exception=True)
def reflection_create(request):
    form = ReflectionSeriesForm(request.POST or None, people=_team_members(request.user))
    team = request.user.managed_units.first()
    if request.method == "POST" and form.is_valid():
        try:
            series = svc.reflection_series_create(leader=request.user, team=team, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meetings are planned. Everyone gets the questions and a reminder."))
            return redirect("peer_support:reflection_detail", series.pk)
    return render(request, "peer_support/reflection_create.html", {"form": form})


@login_required
def reflection_detail(request, pk):
    series = reflection_series_for_user(request.user, pk)
    return render(
        request,
        "peer_support/reflection_detail.html",
        {
            "series": series,
            "dates": series.meeting_dates(),
            "questions": series.framework.questions_in(),
            "is_leader": series.leader_id == request.user.pk,
        },
    )


@login_required
@require_POST
def reflection_cancel(request, pk):
    series = reflection_series_for_user(request.user, pk)
    cancel = partial(svc.reflection_series_cancel, series=series, by=request.user)
    success = _("The meetings are cancelled and no more reminders will be sent.")
    return post_action(request, cancel, success=success, then="peer_support:reflection_list")
