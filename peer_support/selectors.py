"""Reads that several views (or a view and a service) share: the queues, the plan counts and
the figures, who may take a request, what a referral can book, the log's undo list."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, IntegerField, Max, Q, Value, When
from django.utils import timezone

from checkups.models import AppointmentType
from checkups.selectors import free_slots
from checkups.services import appointment_type_bookable_by
from core import phones
from core.agenda import AgendaItem
from notifications.models import OutboxMessage
from organisations.selectors import monitor_min_group_health

from .conflicts import people_in_conflict_with, requests_in_conflict_for
from .models import DutyKind, FollowUpPlan, FollowUpStep, GroupMeeting, IncidentLogEntry, StepKind, SupportRequest
from .models.log import LOG_UNDO_WINDOW
from .regions import coordinators_of, region_of_user, supporters_of
from .rota import on_duty, region_has_rota

URGENCY_RANK = Case(
    When(urgency=SupportRequest.Urgency.TODAY, then=Value(0)),
    When(urgency=SupportRequest.Urgency.THIS_WEEK, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def queue_new_requests(*, user, region=None):
    """New peer support requests of the region, most urgent and oldest first.
    A supporter does not see requests of people who asked for someone outside their team."""
    region = region or region_of_user(user)
    support_requests = (
        SupportRequest.objects.filter(route=SupportRequest.Route.PEER_SUPPORT, status=SupportRequest.Status.NEW)
        .filter(Q(region=region) | Q(backup_region=region))
        .exclude(requester=user)
    )
    # Nor those they are in a conflict of interest with (conflicts.py).
    support_requests = support_requests.exclude(
        pk__in=SupportRequest.objects.filter(requests_in_conflict_for(user)).values("pk")
    )
    return support_requests.annotate(rank=URGENCY_RANK).order_by("rank", "created_at")


def my_open_requests(*, user):
    return (
        SupportRequest.objects.filter(assigned_to=user, status__in=SupportRequest.OPEN_STATUSES)
        .select_related("requester")
        .annotate(rank=URGENCY_RANK)
        .order_by("rank", "created_at")
    )


def queue_outreach_tasks(*, user, region=None):
    """Outreach after an incident that no supporter has taken yet: plans without a supporter."""
    region = region or region_of_user(user)
    return (
        FollowUpStep.objects.filter(
            kind=StepKind.OUTREACH,
            state=FollowUpStep.State.PLANNED,
            plan__region=region,
            plan__supporter__isnull=True,
            plan__declined_at__isnull=True,
        )
        .exclude(plan__person=user)
        .select_related("plan__person", "plan__incident")
        .order_by("due_at")
    )


def my_steps(*, user):
    return (
        FollowUpStep.objects.filter(owner=user, state=FollowUpStep.State.PLANNED, plan__declined_at__isnull=True)
        .select_related("plan__person")
        .order_by("due_at")
    )


def meetings_led_by(*, user, start=None, end=None):
    """The group meetings `user` leads: in [start, end) for an agenda, else the planned ones
    (upcoming, and those past their start that still wait to be marked held)."""
    meetings = GroupMeeting.objects.filter(leader=user)
    if start is not None and end is not None:
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    else:
        meetings = meetings.filter(status=GroupMeeting.Status.PLANNED)
    return meetings.order_by("starts_at")


def meeting_agenda_items(user, *, start, end):
    """The agenda's items (core.agenda) for the meetings `user` leads: one query."""
    return [
        AgendaItem(
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            title=str(meeting.get_kind_display()),
            detail=meeting.place,
            url=meeting.get_absolute_url(),
            status="" if meeting.is_planned else str(meeting.get_status_display()),
            muted=meeting.status == GroupMeeting.Status.CANCELLED,
        )
        for meeting in meetings_led_by(user=user, start=start, end=end)
    ]


def region_open_requests(*, region, user=None):
    """The region's open requests; for a coordinator `user`, not those they are in a conflict
    of interest with (they could not open them)."""
    support_requests = SupportRequest.objects.filter(
        route=SupportRequest.Route.PEER_SUPPORT, status__in=SupportRequest.OPEN_STATUSES
    ).filter(Q(region=region) | Q(backup_region=region, status=SupportRequest.Status.NEW))
    if user is not None:
        support_requests = support_requests.exclude(
            pk__in=SupportRequest.objects.filter(requests_in_conflict_for(user)).values("pk")
        )
    return support_requests.select_related("assigned_to").annotate(rank=URGENCY_RANK).order_by("rank", "created_at")


def region_supporters(*, region):
    return (
        supporters_of(region)
        .select_related("support_duty", "unit")
        # Whether they gave a number for alerts: a yes or no, never the number (not even decrypted).
        .defer("alert_phone")
        .annotate(
            open_requests=Count(
                "assigned_support_requests",
                filter=Q(assigned_support_requests__status__in=SupportRequest.OPEN_STATUSES),
            ),
            has_alert_phone=ExpressionWrapper(~Q(alert_phone=""), output_field=BooleanField()),
        )
        .order_by("first_name", "email")
    )


# How far back the coordinator's response figures look (the page says so from here).
RESPONSE_FIGURES_DAYS = 90


@dataclass
class ResponseFigures:
    days: int
    asked: int
    taken: int
    escalated: int
    median_minutes_to_take: int | None
    median_minutes_to_contact: int | None


def response_figures(*, region, days: int = RESPONSE_FIGURES_DAYS, now=None) -> ResponseFigures:
    now = now or timezone.now()
    rows = list(
        SupportRequest.objects.filter(
            route=SupportRequest.Route.PEER_SUPPORT, region=region, created_at__gte=now - dt.timedelta(days=days)
        ).values_list("created_at", "assigned_at", "first_contact_at", "escalation_level")
    )
    to_take = [(a - c).total_seconds() / 60 for c, a, _f, _e in rows if a]
    to_contact = [(f - c).total_seconds() / 60 for c, _a, f, _e in rows if f]
    return ResponseFigures(
        days=days,
        asked=len(rows),
        taken=len(to_take),
        escalated=sum(1 for *_rest, e in rows if e),
        median_minutes_to_take=round(statistics.median(to_take)) if to_take else None,
        median_minutes_to_contact=round(statistics.median(to_contact)) if to_contact else None,
    )


@dataclass
class PlanCounts:
    done: int = 0
    due: int = 0
    overdue: int = 0
    planned: int = 0


def incident_min_group(organisation=None) -> int:
    """How many people an incident must involve before its step counts may be shown.

    The health minimum of the monitor (`MONITOR_MIN_GROUP_HEALTH`, 10 by default), on
    purpose, rather than a setting of its own: whether someone accepted follow-up after an
    incident is health information about them, the same kind as the health figures, so an
    organisation that raises that minimum raises it here too, and there is no second
    number that could be set lower by mistake. Below it, one person's "no" (their steps
    stop and leave the counts) would show as a change in a number the manager watches.
    It is the organisation's (the reader's, or the incident's), never below the floor.
    """
    if organisation is None:
        return settings.MONITOR_MIN_GROUP_HEALTH
    return monitor_min_group_health(organisation)


@dataclass
class IncidentProgress:
    people: int
    finished: bool  # by the protocol's schedule, which no person's choice changes
    counts: PlanCounts | None  # None: too few people involved to show numbers


def incident_progress(*, incident, now=None, organisation=None) -> IncidentProgress:
    """What the registering manager may see: counts of steps, never who or what was said,
    and only when enough people are involved. Steps of people who declined follow-up are
    stopped and not counted."""
    now = now or timezone.now()
    plans = FollowUpPlan.objects.filter(incident=incident)
    summary = plans.aggregate(people=Count("pk", distinct=True), schedule_end=Max("steps__overdue_at"))
    finished = summary["schedule_end"] is not None and summary["schedule_end"] <= now
    if summary["people"] < incident_min_group(organisation):
        return IncidentProgress(people=summary["people"], finished=finished, counts=None)
    steps = FollowUpStep.objects.filter(plan__incident=incident, plan__declined_at__isnull=True)
    counts = steps.aggregate(
        done=Count("pk", filter=Q(state__in=[FollowUpStep.State.DONE, FollowUpStep.State.SKIPPED])),
        overdue=Count("pk", filter=Q(state=FollowUpStep.State.PLANNED, overdue_at__lte=now)),
        due=Count("pk", filter=Q(state=FollowUpStep.State.PLANNED, due_at__lte=now, overdue_at__gt=now)),
        planned=Count("pk", filter=Q(state=FollowUpStep.State.PLANNED, due_at__gt=now)),
    )
    return IncidentProgress(people=summary["people"], finished=finished, counts=PlanCounts(**counts))


def incidents_with_counts(*, incidents, now=None, organisation=None):
    """The same figures as `incident_progress`, for a list of incidents in one query.

    Each incident gets `people`, `finished` and `counts_shown`; the step counts
    (`steps_done`, `steps_due`, `steps_overdue`) may be shown only where `counts_shown`.
    """
    now = now or timezone.now()
    live = Q(plans__declined_at__isnull=True)
    planned = live & Q(plans__steps__state=FollowUpStep.State.PLANNED)
    annotated = incidents.annotate(
        people=Count("plans", distinct=True),
        schedule_end=Max("plans__steps__overdue_at"),
        steps_done=Count(
            "plans__steps",
            filter=live & Q(plans__steps__state__in=[FollowUpStep.State.DONE, FollowUpStep.State.SKIPPED]),
        ),
        steps_overdue=Count("plans__steps", filter=planned & Q(plans__steps__overdue_at__lte=now)),
        steps_due=Count(
            "plans__steps",
            filter=planned & Q(plans__steps__due_at__lte=now, plans__steps__overdue_at__gt=now),
        ),
    )
    minimum = incident_min_group(organisation)
    rows = list(annotated)
    for incident in rows:
        incident.finished = incident.schedule_end is not None and incident.schedule_end <= now
        incident.counts_shown = incident.people >= minimum
        if not incident.counts_shown:
            # Not even in the context: a template change must not be able to show them.
            incident.steps_done = incident.steps_due = incident.steps_overdue = None
    return rows


def plans_of_person(*, person):
    return (
        FollowUpPlan.objects.filter(person=person, incident__isnull=False)
        .select_related("incident", "supporter")
        .order_by("-incident__occurred_at")
    )


PEOPLE_SEARCH_LIMIT = 25


def people_search(*, people, query: str, exclude=()) -> tuple[list, bool]:
    """Colleagues among `people` of whom every word of `query` begins a word of their first
    name, last name or unit ("eva", "de vr", "team b"), at most PEOPLE_SEARCH_LIMIT; and
    whether there were more. Two letters at least."""
    words = query.split()
    if len("".join(words)) < 2:
        return [], False
    condition = Q()
    for word in words:
        starts = Q()
        for field in ("first_name", "last_name", "unit__name"):
            starts |= Q(**{f"{field}__istartswith": word}) | Q(**{f"{field}__icontains": f" {word}"})
        condition &= starts
    found = list(
        people.filter(condition)
        .exclude(pk__in=list(exclude))
        .select_related("unit")
        .order_by("first_name", "last_name", "pk")[: PEOPLE_SEARCH_LIMIT + 1]
    )
    return found[:PEOPLE_SEARCH_LIMIT], len(found) > PEOPLE_SEARCH_LIMIT


# --- Requests for help ---------------------------------------------------------------------


def _region_supporters_on_duty(region, now):
    """A region's supporters who are told of a new request now. With a rota of peer supporters:
    who is on shift (`rota.on_duty`). Without one, as before rotas: every supporter of the region."""
    if region_has_rota(region=region, kind=DutyKind.PEER_SUPPORTER):
        on_shift = [person.pk for person in on_duty(region=region, kind=DutyKind.PEER_SUPPORTER, at=now)]
        return supporters_of(region).filter(pk__in=on_shift)
    return supporters_of(region)


def on_duty_supporters(*, support_request: SupportRequest, now=None):
    """Peer supporters who are told of `support_request` now and may take it: of its region (and
    backup region), on duty by the region's rota (everyone of a region without a rota), available
    ("I am available now" not switched off), and in no conflict of interest with it."""
    now = now or timezone.now()
    regions = [r for r in (support_request.region, support_request.backup_region) if r is not None]
    supporters = get_user_model().objects.none()
    for region in regions:
        supporters = supporters | _region_supporters_on_duty(region, now)
    return _eligible(supporters, support_request)


def excludable_people(*, requester):
    """Whom the person may name as someone who must not see their request: the peer supporters
    and coordinators of their region."""
    region = region_of_user(requester)
    return (
        (supporters_of(region) | coordinators_of(region))
        .exclude(pk=requester.pk)
        .distinct()
        .select_related("unit")
        .order_by("first_name", "last_name", "pk")
    )


def assignable_supporters(*, support_request: SupportRequest):
    """Whom a coordinator may give the request to: any peer supporter of its regions, on shift or
    not (they agree it between them), in no conflict of interest with it."""
    supporters = get_user_model().objects.none()
    for region in (support_request.region, support_request.backup_region):
        if region is not None:
            supporters = supporters | supporters_of(region)
    return _eligible(supporters, support_request, available_only=False).order_by("first_name", "last_name", "pk")


def _eligible(supporters, support_request, *, available_only=True):
    supporters = supporters.exclude(pk=support_request.requester_id)
    if available_only:
        supporters = supporters.exclude(support_duty__on_duty=False)
    if support_request.outside_own_unit and support_request.requester_unit_id:
        supporters = supporters.exclude(unit_id=support_request.requester_unit_id)
    if support_request.pk is not None:
        supporters = supporters.exclude(pk__in=people_in_conflict_with(support_request).values("pk"))
    return supporters.distinct()


# How many of a person's latest portal alerts their page looks at.
ALERTS_SHOWN = 50


@dataclass
class PortalAlert:
    kind: str  # "request": waiting to be taken; "contact": taken, no contact yet; "step": a step nobody owns
    at: dt.datetime
    request: SupportRequest | None = None
    step: FollowUpStep | None = None


def open_alerts(*, user) -> list[PortalAlert]:
    """The alerts addressed to `user` on their portal page that still ask something of someone:
    a request still waiting to be taken, a taken one still without contact, a step still unowned.
    Four queries, however many alerts."""
    rows = list(
        OutboxMessage.objects.filter(
            recipient=user,
            channel=OutboxMessage.Channel.PORTAL,
            status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENT],
        )
        .order_by("-due_at", "-pk")
        .values_list("context", "due_at")[:ALERTS_SHOWN]
    )
    request_ids = {c.get("request_id") for c, _at in rows if c.get("kind") in ("request", "contact")}
    step_ids = {c.get("step_id") for c, _at in rows if c.get("kind") == "step"}
    requests = SupportRequest.objects.in_bulk([i for i in request_ids if i])
    steps = FollowUpStep.objects.in_bulk([i for i in step_ids if i])
    alerts, seen = [], set()
    for context, at in rows:
        kind = context.get("kind")
        if kind == "step":
            step = steps.get(context.get("step_id"))
            if step is not None and step.state == FollowUpStep.State.PLANNED and step.owner_id is None:
                alert = PortalAlert(kind, at, step=step)
            else:
                continue
        else:
            found = requests.get(context.get("request_id"))
            waiting = found is not None and (
                (kind == "request" and found.status == SupportRequest.Status.NEW)
                or (kind == "contact" and found.status == SupportRequest.Status.CLAIMED and not found.first_contact_at)
            )
            if not waiting:
                continue
            alert = PortalAlert(kind, at, request=found)
        identity = (kind, alert.request.pk if alert.request else alert.step.pk)
        if identity not in seen:
            seen.add(identity)
            alerts.append(alert)
    return alerts


def steps_stopped_by_closing(*, support_request: SupportRequest):
    """The follow-up steps still planned, which closing (or withdrawing) stops."""
    return FollowUpStep.objects.filter(plan__request=support_request, state=FollowUpStep.State.PLANNED).order_by(
        "due_at"
    )


def phone_last_given(*, requester) -> str:
    """The number the person last asked to be called on, to offer again (their own data)."""
    recent = SupportRequest.objects.filter(requester=requester, contact_method=SupportRequest.Contact.PHONE)
    for detail in recent.order_by("-created_at").values_list("contact_detail", flat=True)[:3]:
        try:
            return phones.number_normalise(detail, regions=phones.regions_for_user(requester))
        except ValidationError:
            continue
    return ""


def phone_number_given(*, support_request: SupportRequest) -> str:
    """The number the colleague gave to be called on when they asked, if it is one."""
    detail = support_request.contact_detail or ""
    return detail if support_request.contact_method == SupportRequest.Contact.PHONE and phones.is_e164(detail) else ""


# --- Referrals: what check-ups offers a supporter booking for someone -----------------------


def referral_appointment_types(*, person):
    """Appointment types a supporter may book for `person` (including "by referral only")."""
    types = AppointmentType.objects.filter(active=True).prefetch_related("units")
    return [t for t in types if appointment_type_bookable_by(t, person, on_behalf=True)]


def referral_free_slots(*, appointment_type, now=None, days: int = 21, limit: int = 30):
    now = now or timezone.now()
    return list(
        free_slots(appointment_type=appointment_type, now=now, end=now + dt.timedelta(days=days))
        .select_related("psychologist__user", "location")
        .order_by("starts_at")[:limit]
    )


# --- The private incident log --------------------------------------------------------------


def log_entries_undoable(*, owner, now=None):
    """Entries the owner deleted whose undo time has not passed yet, newest first."""
    now = now or timezone.now()
    return IncidentLogEntry.all_objects.filter(owner=owner, deleted_at__gte=now - LOG_UNDO_WINDOW).order_by(
        "-deleted_at"
    )
