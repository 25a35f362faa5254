"""Where each section of the overview comes from: one function per section, each reading
what the owning app already decided may be shown. Nothing here computes a figure that
another app hides: the monitor's results are read as stored at close, the incident step
counts come from `peer_support.selectors` (which withholds them below the minimum), the
usage figures were frozen under the anonymity rules (`overview.services`), and the
training figures come from the trainings app (`trainings.overview`) when it is installed.
"""

import datetime as dt

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.i18n import active_language
from organisations.selectors import organisation_of_unit
from peer_support.models import CriticalIncident, GroupMeeting, StepKind
from peer_support.models.protocols import ProtocolStep
from peer_support.selectors import incident_min_group, incidents_with_counts
from surveys.monitor import access as monitor_access
from surveys.monitor import presentation as monitor_presentation
from surveys.monitor import selectors as monitor_selectors
from surveys.monitor.models import Measure, UnitResult
from surveys.monitor.questionnaire import questionnaire_for

from .access import OverviewScope
from .models import UsageFigure
from .quarters import completed_quarters, label

# Limits of what one page lists (the rest is one link away, on the owning app's pages).
MEASURES_SHOWN = 20
INCIDENTS_SHOWN = 20
# Incidents of this many days back, and any older one whose follow-up still runs.
INCIDENT_DAYS = 180
# A measure due within this many days is on the "needs you now" list.
MEASURE_DUE_SOON_DAYS = 14
# A band of this level or worse (0 fine ... 3 serious) is a point that asks for attention.
ATTENTION_LEVEL = 2


def monitor_section(user, scope: OverviewScope) -> dict | None:
    """The latest closed campaign's stored result for the unit: how many answered and the
    response rate where close stored them, and the scales in a worrying band among those
    shown. None when there is no closed campaign or the reader may not read its results."""
    campaign = monitor_selectors.latest_closed_campaign()
    if campaign is None:
        return None
    reader = monitor_access.results_scope(user, campaign)
    if reader is None or not reader.covers(scope.unit.path):
        return None
    results = UnitResult.objects.filter(campaign=campaign).prefetch_related("scales")
    result = results.filter(unit_id=scope.unit.pk).first()
    if result is None and scope.is_whole and reader.everything:
        result = results.filter(unit__isnull=True).first()
    section = {"campaign": campaign, "result": result}
    if result is None:
        return section
    unit_key = result.unit_id if result.unit_id is not None else "all"
    section["url"] = reverse("monitor:results_unit", args=[campaign.pk, unit_key])
    if not result.shown:
        section["hidden_reason"] = monitor_presentation.reason(result.hidden_reason, campaign)
        return section
    cells = monitor_presentation.scale_cells(result, questionnaire_for(campaign), campaign, active_language())
    shown = [c for c in cells if not c["hidden"]]
    section["attention"] = sorted(
        (c for c in shown if c["level"] >= ATTENTION_LEVEL), key=lambda c: (-c["level"], c["label"])
    )
    section["shown_scales"] = len(shown)
    section["hidden_scales"] = len(cells) - len(shown)
    if result.rate_hidden_reason:
        section["rate_reason"] = monitor_presentation.reason(result.rate_hidden_reason, campaign)
    return section


def measures_section(scope: OverviewScope, *, today: dt.date) -> list[dict]:
    """The open measures of the unit and below it, soonest due first."""
    measures = list(
        Measure.objects.filter(
            unit__path__startswith=scope.unit.path, status__in=[Measure.Status.PLANNED, Measure.Status.IN_PROGRESS]
        )
        .select_related("unit", "campaign")
        .order_by("due_on", "pk")[:MEASURES_SHOWN]
    )
    items = monitor_presentation.measure_items(measures)
    for item in items:
        item["overdue"] = item["measure"].due_on < today
        item["url"] = reverse("monitor:measure_edit", args=[item["measure"].pk])
    return items


def incidents_section(user, scope: OverviewScope, *, now: dt.datetime) -> dict:
    """Recent incidents of the unit and below it, with the follow-up step counts that
    `peer_support` shows only when enough people are involved."""
    organisation = organisation_of_unit(scope.unit)
    meeting_step = ProtocolStep.objects.filter(protocol_id=OuterRef("protocol_id"), kind=StepKind.GROUP_MEETING)
    meeting = GroupMeeting.objects.filter(
        incident_id=OuterRef("pk"), status__in=[GroupMeeting.Status.PLANNED, GroupMeeting.Status.HELD]
    )
    incidents = (
        CriticalIncident.objects.filter(unit__path__startswith=scope.unit.path)
        .filter(occurred_at__gte=now - dt.timedelta(days=INCIDENT_DAYS))
        .select_related("unit")
        .annotate(wants_meeting=Exists(meeting_step), has_meeting=Exists(meeting))
        .order_by("-occurred_at")
    )
    rows = incidents_with_counts(incidents=incidents, now=now, organisation=organisation)[:INCIDENTS_SHOWN]
    for incident in rows:
        incident.mine = incident.registered_by_id == user.pk
        incident.meeting_missing = incident.wants_meeting and not incident.has_meeting and not incident.finished
    return {"incidents": rows, "minimum": incident_min_group(organisation)}


def usage_section(scope: OverviewScope, *, today: dt.date) -> dict:
    """The frozen usage figures of the unit and its direct sub-units, per completed quarter."""
    quarters = completed_quarters(today)
    children = [u for u in scope.choices if u.depth == scope.unit.depth + 1 and u.path.startswith(scope.unit.path)]
    units = [scope.unit] + children
    figures = UsageFigure.objects.filter(quarter__starts_on__in=quarters, unit__in=units).select_related("quarter")
    found = {(f.unit_id, f.kind, f.quarter.starts_on): f for f in figures}
    return {"quarters": quarters, "labels": [label(q) for q in quarters], "units": units, "figures": found}


def trainings_installed() -> bool:
    return apps.is_installed("trainings")


def training_required(scope: OverviewScope, *, today: dt.date):
    """The people of the unit who must take a required course, read once for both the training
    section and "what needs you now"; None when the trainings app is not installed."""
    if not trainings_installed():
        return None
    from trainings.overview import required_people

    return required_people([scope.unit], today=today)


def training_section(scope: OverviewScope, *, today: dt.date, required=None) -> list | None:
    """Required-training status from the trainings app; None when that app is not installed
    (the overview then has no training section)."""
    if not trainings_installed():
        return None
    from trainings.overview import required_training_status

    return required_training_status([scope.unit], today=today, required=required)


def training_needs(user, scope: OverviewScope, *, today: dt.date, required=None) -> list[tuple]:
    if not trainings_installed():
        return []
    from trainings.overview import training_needs as needs

    return needs(user, [scope.unit], today=today, required=required)
