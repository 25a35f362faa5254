"""Measures ("you said, we did"): planned by a unit's manager or the wellbeing officer from
a closed campaign's results, listed across the units a reader may see."""

from functools import partial

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.actions import post_action

from .. import access, presentation, services
from ..forms import MeasureForm
from ..models import Measure


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
@require_http_methods(["GET", "POST"])
def measure_create(request, campaign_id, unit_id):
    # The page is its form: errors next to the fields; a valid one is saved through post_action.
    campaign, _scope = access.results_campaign_for_user(request.user, campaign_id)
    unit = access.measure_unit_for_user(request.user, unit_id)
    form = MeasureForm(
        request.POST or None,
        instance=Measure(unit=unit, campaign=campaign),
        scale_choices=presentation.scale_choices(campaign),
        initial={"scale": request.GET.get("scale", "")},
    )
    if form.is_valid():
        return post_action(
            request,
            partial(services.measure_save, measure=form.save(commit=False), actor=request.user),
            success=_("The measure is saved. You get a reminder a week before its due date."),
            then=reverse("monitor:results_unit", args=[campaign.pk, unit.pk]),
            failed=request.path,
        )
    return render(request, "surveys/monitor/measure_form.html", {"form": form, "unit": unit, "campaign": campaign})


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    # As measure_create: the page is its form, a valid one goes through post_action.
    measure = access.measure_for_user(request.user, pk)
    form = MeasureForm(
        request.POST or None, instance=measure, scale_choices=presentation.scale_choices(measure.campaign)
    )
    if form.is_valid():
        return post_action(
            request,
            partial(services.measure_save, measure=form.save(commit=False), actor=request.user),
            success=_("Saved."),
            then=reverse("monitor:measures"),
            failed=request.path,
        )
    context = {"form": form, "unit": measure.unit, "campaign": measure.campaign, "measure": measure}
    return render(request, "surveys/monitor/measure_form.html", context)


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def measures(request):
    """The wellbeing officer's overview across units; a manager sees their own units' measures."""
    status = request.GET.get("status", "")
    items = presentation.measure_items(access.measures_for_user(request.user, status=status))
    context = {"items": items, "statuses": Measure.Status.choices, "status": status}
    return render(request, "surveys/monitor/measure_list.html", context)
