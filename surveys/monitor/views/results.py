"""The dashboards: a closed campaign's stored (already safe) results, per unit, side by side,
and as a CSV. The reader's scope comes from `access`."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.reauth import recent_login_required
from core.i18n import active_language

from .. import access, presentation, selectors


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def results(request, campaign_id):
    """The start of the dashboard: the whole (officer) or the managed units (manager)."""
    campaign, scope = access.results_campaign_for_user(request.user, campaign_id)
    result = access.start_result_for(campaign, scope)
    if result is None:
        return render(request, "surveys/monitor/results_overview.html", presentation.results_overview(campaign, scope))
    context = presentation.unit_context(campaign, result, can_open_whole=True)
    return render(request, "surveys/monitor/results_unit.html", context)


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
def results_unit(request, campaign_id, unit_key):
    campaign, scope = access.results_campaign_for_user(request.user, campaign_id)
    result = access.unit_result_for_user(request.user, campaign, scope, unit_key)
    context = presentation.unit_context(campaign, result, covers=scope.covers, can_open_whole=scope.everything)
    return render(request, "surveys/monitor/results_unit.html", context)


@login_required
@permission_required("accounts.view_unit_aggregates", raise_exception=True)
@recent_login_required  # a file leaves the portal: the password (or code) again first
def results_csv(request, campaign_id):
    """The same figures as the pages, from the same stored (already safe) results, with the
    separator and decimal mark of the reader's language."""
    campaign, scope = access.results_campaign_for_user(request.user, campaign_id)
    rows = selectors.results_for_csv(campaign, None if scope.everything else scope.paths)
    style = presentation.csv_style(active_language(), request.GET.get("style", ""))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitor-{campaign.pk}-results.csv"'
    presentation.csv_write(response, campaign=campaign, rows=rows, style=style)
    return response
