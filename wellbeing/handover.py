"""The handover page: the open work of people who left, for whoever hands it over.

`account_close` (accounts/services.py) records each closed account's open work as
`HandoverItem`s. Coordinators see their own region's (requests back in the queue,
follow-up without a supporter, group meetings, duty); the wellbeing officer sees
everything, appointments to move first. Each line says only what the reader may know
today: a coordinator gets a link and an "assign" form for their region's requests and
plans (the pages and services of peer support do the rest); the wellbeing officer reads
that a request is back in a region's queue, without a link, and nothing of a confidential
report but that it is back with the counsellors. No line names the person who asked for
help or who booked a talk. A piece of work that someone has since taken over (a request
taken, a step given, an appointment moved) drops off the page by itself.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountClosure, HandoverItem
from accounts.roles import Role
from checkups.models import Booking
from checkups.services import booking_cancel
from core.errors import DomainError
from core.i18n import localised
from peer_support.conflicts import requests_in_conflict_for
from peer_support.models import (
    FollowUpPlan,
    FollowUpStep,
    GroupMeeting,
    ReflectionSeries,
    SupporterDuty,
    SupportRequest,
)
from peer_support.regions import region_of_user, supporters_of
from surveys.monitor.models import Measure
from trainings.models import Session

Kind = HandoverItem.Kind
Route = SupportRequest.Route

MODELS = {
    Kind.REQUEST: SupportRequest,
    Kind.FOLLOW_UP: FollowUpPlan,
    Kind.BOOKING: Booking,
    Kind.REFLECTION: ReflectionSeries,
    Kind.MEETING: GroupMeeting,
    Kind.MEASURE: Measure,
    Kind.DUTY: SupporterDuty,
    Kind.TRAINING: Session,
}
# What the wellbeing officer's own team handles among the requests: they may open those.
OFFICER_ROUTES = (Route.JOB_ROTATION, Route.SUPPORT_PERSON)
# Marked as handed over by hand: what has no service of its own to give it to someone.
MARKED_BY_HAND = (Kind.REFLECTION, Kind.MEETING, Kind.MEASURE, Kind.DUTY, Kind.BOOKING, Kind.TRAINING)


@dataclass
class Entry:
    item: HandoverItem
    text: str
    when: dt.datetime | dt.date | None = None
    url: str = ""
    assign_url: str = ""
    supporters: list = field(default_factory=list)
    offer_new_time: bool = False

    @property
    def may_mark_done(self) -> bool:
        return self.item.kind in MARKED_BY_HAND


@dataclass
class ClosedAccount:
    closure: AccountClosure
    entries: list[Entry] = field(default_factory=list)


def _is_officer(user) -> bool:
    return user.has_role(Role.WELLBEING_OFFICER)


def _scope(user) -> Q | None:
    """Which items `user` hands over: everything for the wellbeing officer, their region's
    for a coordinator, nothing for anyone else (a superuser holds no role here)."""
    if _is_officer(user):
        return Q()
    if user.has_role(Role.COORDINATOR):
        region = region_of_user(user)
        if region is not None:
            return Q(region=region)
    return None


def handover_items_for_user(user):
    scope = _scope(user)
    if scope is None:
        return HandoverItem.objects.none()
    return HandoverItem.objects.filter(scope, done_at__isnull=True)


def handover_item_for_user(user, pk) -> HandoverItem:
    """An item the user hands over, still open; anyone else's: 404."""
    item = handover_items_for_user(user).filter(pk=pk).select_related("closure").first()
    if item is None:
        raise Http404
    return item


def _load(items: list[HandoverItem]) -> dict[tuple[str, str], object]:
    """Every object the items point at, one query per kind."""
    ids: dict[str, list[int]] = {}
    for item in items:
        if item.object_id.isdigit():
            ids.setdefault(item.kind, []).append(int(item.object_id))
    related = {
        Kind.REQUEST: ["region"],
        Kind.FOLLOW_UP: ["region", "incident"],
        Kind.MEETING: [],
        Kind.REFLECTION: ["team"],
        Kind.MEASURE: ["unit"],
        Kind.DUTY: [],
        Kind.BOOKING: [],
        Kind.TRAINING: ["course"],
    }
    found = {}
    for kind, pks in ids.items():
        queryset = MODELS[kind].objects.filter(pk__in=pks).select_related(*related[kind])
        if kind == Kind.FOLLOW_UP:
            queryset = queryset.prefetch_related("steps")
        for obj in queryset:
            found[(kind, str(obj.pk))] = obj
    return found


def _next_step(plan: FollowUpPlan):
    planned = [step for step in plan.steps.all() if step.state == FollowUpStep.State.PLANNED]
    return min(planned, key=lambda step: step.due_at) if planned else None


def _still_open(item: HandoverItem, obj, now: dt.datetime) -> bool:
    leaver_id = item.closure.user_id
    if obj is None:
        return False
    if item.kind == Kind.REQUEST:
        return obj.status == SupportRequest.Status.NEW
    if item.kind == Kind.FOLLOW_UP:
        return obj.supporter_id is None and obj.declined_at is None and _next_step(obj) is not None
    if item.kind == Kind.BOOKING:
        return obj.status == Booking.Status.BOOKED and obj.starts_at > now
    if item.kind == Kind.MEETING:
        return obj.leader_id == leaver_id and obj.starts_at > now
    if item.kind == Kind.REFLECTION:
        return obj.leader_id == leaver_id and obj.cancelled_at is None
    if item.kind == Kind.MEASURE:
        return obj.is_open
    if item.kind == Kind.TRAINING:
        return obj.trainer_id == leaver_id and obj.status == Session.Status.SCHEDULED and obj.starts_at > now
    return True  # duty: until someone marks it seen


class _Presenter:
    """Turns items into entries for one reader, with their region's supporters loaded once."""

    def __init__(self, user, now):
        self.user, self.now = user, now
        self.officer = _is_officer(user)
        self.region = region_of_user(user) if user.has_role(Role.COORDINATOR) else None
        self._supporters = None
        self._on_duty = None
        self._in_conflict = None

    def in_conflict(self, request: SupportRequest) -> bool:
        """Whether the reader is in a conflict of interest with this request (the requester's line
        of command, named by them...): then the page does not even say it exists. One query."""
        if self._in_conflict is None:
            conflicting = SupportRequest.objects.filter(requests_in_conflict_for(self.user))
            self._in_conflict = set(conflicting.values_list("pk", flat=True))
        return request.pk in self._in_conflict

    def _coordinates(self, region_id) -> bool:
        return self.region is not None and self.region.pk == region_id

    def supporters(self, *, on_duty: bool) -> list:
        if self._supporters is None:
            people = list(supporters_of(self.region).select_related("support_duty").order_by("first_name", "email"))
            self._supporters = people
            self._on_duty = [
                p for p in people if not (hasattr(p, "support_duty") and p.support_duty and not p.support_duty.on_duty)
            ]
        return self._on_duty if on_duty else self._supporters

    def entry(self, item: HandoverItem, obj) -> Entry:
        return getattr(self, f"_{item.kind}")(item, obj)

    def _request(self, item, request: SupportRequest) -> Entry | None:
        if request.route == Route.PEER_SUPPORT and self.in_conflict(request):
            return None
        if request.route == Route.PEER_SUPPORT and self._coordinates(request.region_id):
            return Entry(
                item,
                _("A request for a talk, back in the queue. When: %(urgency)s.")
                % {"urgency": request.get_urgency_display()},
                when=request.created_at,
                url=reverse("peer_support:request_detail", args=[request.pk]),
                assign_url=reverse("peer_support:request_assign", args=[request.pk]),
                supporters=self.supporters(on_duty=True),
            )
        if request.route == Route.PEER_SUPPORT:
            region = request.region.name if request.region else ""
            return Entry(item, _("A request for a talk, back in the queue of %(region)s.") % {"region": region})
        if request.route in OFFICER_ROUTES:
            return Entry(
                item,
                _("A request to the wellbeing officers, back in your inbox."),
                when=request.created_at,
                url=reverse("peer_support:request_detail", args=[request.pk]),
            )
        return Entry(item, _("A request to the confidential counsellors, back with the other counsellors."))

    def _follow_up(self, item, plan: FollowUpPlan) -> Entry:
        step = _next_step(plan)
        if self._coordinates(plan.region_id):
            return Entry(
                item,
                _("Follow-up after an incident without a supporter. Next step due:"),
                when=step.due_at if step else None,
                url=reverse("peer_support:plan_detail", args=[plan.pk]),
                assign_url=reverse("peer_support:plan_assign", args=[plan.pk]) if plan.incident_id else "",
                supporters=self.supporters(on_duty=False),
            )
        region = plan.region.name if plan.region else ""
        return Entry(item, _("Follow-up after an incident without a supporter, in %(region)s.") % {"region": region})

    def _booking(self, item, booking: Booking) -> Entry:
        return Entry(
            item,
            _("A booked talk with them as psychologist: %(mode)s.") % {"mode": booking.get_mode_display()},
            when=booking.starts_at,
            offer_new_time=self.officer,
        )

    def _meeting(self, item, meeting: GroupMeeting) -> Entry:
        return Entry(item, _("A group meeting after an incident that they were to lead."), when=meeting.starts_at)

    def _reflection(self, item, series: ReflectionSeries) -> Entry:
        ahead = [moment for moment in series.meeting_dates() if moment > self.now]
        return Entry(
            item,
            _("Reflection meetings of %(team)s that they lead. Next:") % {"team": series.team.name},
            when=ahead[0] if ahead else None,
        )

    def _measure(self, item, measure: Measure) -> Entry:
        return Entry(
            item,
            _("A measure for %(unit)s: %(action)s") % {"unit": measure.unit.name, "action": measure.action[:120]},
            when=measure.due_on,
            url=reverse("monitor:measure_edit", args=[measure.pk]),
        )

    def _training(self, item, session: Session) -> Entry:
        return Entry(
            item,
            _("A training session of %(course)s that they were to give, with people enrolled:")
            % {"course": localised(session.course, "title")},
            when=session.starts_at,
            url=reverse("trainings:session_edit", args=[session.pk]) if self.officer else "",
        )

    def _duty(self, item, duty: SupporterDuty) -> Entry:
        return Entry(item, _("They were on duty and are now off duty: the region has one supporter fewer."))


def handover_overview(*, user, now=None) -> tuple[list[Entry], list[ClosedAccount]]:
    """Appointments to move (first, for the wellbeing officer), and each closed account with
    its open work. A fixed number of queries, however many accounts and items."""
    now = now or timezone.now()
    items = list(
        handover_items_for_user(user)
        .select_related("closure__user", "closure__closed_by")
        .order_by("-closure__closed_at", "closure_id", "kind", "pk")
    )
    objects = _load(items)
    presenter = _Presenter(user, now)
    urgent: list[Entry] = []
    accounts: dict[int, ClosedAccount] = {}
    for item in items:
        obj = objects.get((item.kind, item.object_id))
        if not _still_open(item, obj, now):
            continue
        entry = presenter.entry(item, obj)
        if entry is None:
            continue
        if item.kind == Kind.BOOKING:
            urgent.append(entry)
        accounts.setdefault(item.closure_id, ClosedAccount(item.closure)).entries.append(entry)
    urgent.sort(key=lambda entry: entry.when)
    return urgent, list(accounts.values())


@transaction.atomic
def handover_item_done(*, item: HandoverItem, by, now=None) -> HandoverItem:
    """Someone has taken this piece of work over (outside a service that says so itself)."""
    now = now or timezone.now()
    if item.kind not in MARKED_BY_HAND:
        raise DomainError(_("This is handed over by giving it to a colleague."))
    if not HandoverItem.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=now, done_by=by):
        raise DomainError(_("Someone has already handed this over."))
    item.refresh_from_db()
    return item


@transaction.atomic
def handover_booking_offer(*, item: HandoverItem, by, now=None) -> Booking:
    """A talk booked with a psychologist who left: the person is told at once that it cannot
    go ahead, and the first free time of the same kind is kept for them to take with one
    click (the check-ups' own path when a psychologist is absent). Never silent."""
    now = now or timezone.now()
    if item.kind != Kind.BOOKING:
        raise DomainError(_("This is not an appointment."))
    booking = Booking.objects.filter(pk=int(item.object_id)).first()
    if booking is None or booking.status != Booking.Status.BOOKED or booking.starts_at <= now:
        raise DomainError(_("This appointment is no longer planned."))
    booking = booking_cancel(booking=booking, by=Booking.CancelledBy.PSYCHOLOGIST, reason="absence", now=now)
    handover_item_done(item=item, by=by, now=now)
    return booking
