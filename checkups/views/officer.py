"""The wellbeing officer's side: appointment types, deployments, and figures. Counts, never content."""

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.audit import audit_record_many

from .. import services
from ..forms import AppointmentTypeForm, DeploymentForOtherForm
from ..models import AppointmentType, Booking, Deployment
from ..selectors import no_show_rate, utilisation_by_week
from ..services.deployments import PHASES, TALKS_AROUND
from .common import deployment_register_action, form_action


@login_required
@permission_required("checkups.manage_checkups", raise_exception=True)
def figures(request):
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    start = dt.datetime.combine(monday - dt.timedelta(weeks=8), dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(weeks=4), dt.time(0), tzinfo=tz)
    past_end = dt.datetime.combine(today, dt.time(0), tzinfo=tz)
    return render(
        request,
        "checkups/figures.html",
        {
            "rows": utilisation_by_week(start=start, end=end),
            "no_show": no_show_rate(start=start, end=past_end),
            "start": start,
            "end": end,
        },
    )


@login_required
@permission_required("checkups.manage_checkups", raise_exception=True)
def type_list(request):
    return render(request, "checkups/type_admin_list.html", {"types": AppointmentType.objects.all()})


@login_required
@permission_required("checkups.manage_checkups", raise_exception=True)
@require_http_methods(["GET", "POST"])
def type_edit(request, pk=None):
    instance = get_object_or_404(AppointmentType, pk=pk) if pk else None
    form = AppointmentTypeForm(request.POST or None, instance=instance)
    # The type is the officer's own data, edited whole: the form saves it (no rule to check first).
    response = form_action(
        request, form, call=form.save, success=_("The appointment type is saved."), then="checkups:types"
    )
    if response is not None:
        return response
    return render(request, "checkups/type_form.html", {"form": form, "instance": instance})


@login_required
@permission_required("checkups.manage_checkups", raise_exception=True)
@require_http_methods(["GET", "POST"])
def deployments(request):
    """Register a deployment for someone, and see per deployment which talks are done."""
    form = DeploymentForOtherForm(request.POST or None)

    response = deployment_register_action(
        request,
        form,
        success=_("The deployment is registered. The employee will be reminded to book each talk."),
        then="checkups:deployments",
    )
    if response is not None:
        return response
    today = timezone.localdate()
    items = list(
        Deployment.objects.filter(ends_on__gte=today - TALKS_AROUND)
        .select_related("employee")
        .prefetch_related("bookings")
        .order_by("starts_on")
    )
    counts = {phase: {"done": 0, "booked": 0, "open": 0, "missed": 0} for phase in PHASES}
    rows = []
    for deployment in items:
        # Only status values are read from the bookings: no time, psychologist or note reaches the page.
        status = services.deployment_status(deployment, list(deployment.bookings.all()), today=today)
        for phase, value in status.items():
            counts[phase][value] += 1
        rows.append({"deployment": deployment, "status": [status[p] for p in PHASES]})
    # The list names each deployed person: each of them may see that it did.
    audit_record_many(
        actor=request.user, action="checkups.deployment.list", shown=[(d, d.employee) for d in items if d.employee_id]
    )
    return render(
        request,
        "checkups/deployment_list.html",
        {
            "form": form,
            "rows": rows,
            "counts": [(Booking.Phase(p).label, counts[p]) for p in PHASES],
            "phases": [Booking.Phase(p).label for p in PHASES],
            "total": len(items),
        },
    )
