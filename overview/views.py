"""The manager's overview of their units (and the wellbeing officer's of any unit), and
its figures as a CSV. The reader's units come from `access`, every section from `sources`."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import access, presentation, sources


def _sections(user, scope, now) -> dict:
    today = timezone.localdate(now)
    usage = sources.usage_section(scope, today=today)
    usage_table = presentation.usage_rows(usage)
    required = sources.training_required(scope, today=today)
    return {
        "scope": scope,
        "today": today,
        "monitor": sources.monitor_section(user, scope),
        "measures": sources.measures_section(scope, today=today),
        "incidents": sources.incidents_section(user, scope, now=now),
        "usage": usage,
        "usage_table": usage_table,
        "training": sources.training_section(scope, today=today, required=required),
        "training_needs": sources.training_needs(user, scope, today=today, required=required),
    }


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def overview(request):
    scope = access.overview_scope_for_user(request.user, request.GET.get("unit"))
    context = _sections(request.user, scope, timezone.now())
    context["usage_chart"] = presentation.usage_chart(context["usage"], context["usage_table"])
    context["usage_notes"] = presentation.usage_notes(context["usage_table"])
    context["needs"] = presentation.needs_now(
        measures=context["measures"],
        incidents=context["incidents"]["incidents"],
        training=context["training_needs"],
        today=context["today"],
    )
    return render(request, "overview/overview.html", context)


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def overview_csv(request):
    """The page's figures, from the same sections (so hidden there, hidden here)."""
    scope = access.overview_scope_for_user(request.user, request.GET.get("unit"))
    context = _sections(request.user, scope, timezone.now())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overview-{scope.unit.pk}.csv"'
    presentation.csv_write(
        response,
        unit=scope.unit,
        monitor=context["monitor"],
        usage_table=context["usage_table"],
        usage=context["usage"],
        incidents=context["incidents"],
    )
    return response
