"""Reads that the pages share, each in a fixed number of queries."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from accounts.models import OrganisationUnit
from organisations.selectors import monitor_min_group_health, organisation_of_unit
from overview.privacy import reason_text, usage_visibility

from .models import Completion, Course, Enrolment, Session


def _with_taken(sessions, now: dt.datetime):
    return sessions.annotate(
        taken=Count(
            "enrolments",
            filter=Q(enrolments__status__in=Enrolment.SEATED)
            | Q(enrolments__status=Enrolment.Status.OFFERED, enrolments__offer_expires_at__gt=now),
        ),
        waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITING)),
    )


def sessions_upcoming(now: dt.datetime):
    return _with_taken(
        Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=now).select_related("trainer"), now
    ).order_by("starts_at", "pk")


def courses_offered(*, now: dt.datetime | None = None) -> list[Course]:
    """Offered courses, each with `upcoming` (its coming sessions, seats taken annotated). 2 queries."""
    now = now or timezone.now()
    return list(
        Course.objects.filter(active=True).prefetch_related(
            Prefetch("sessions", queryset=sessions_upcoming(now), to_attr="upcoming")
        )
    )


def courses_all(*, now: dt.datetime | None = None) -> list[Course]:
    """Every course for the officer, with coming sessions and requirements. 3 queries."""
    now = now or timezone.now()
    return list(
        Course.objects.prefetch_related(
            Prefetch("sessions", queryset=sessions_upcoming(now), to_attr="upcoming"), "requirements"
        )
    )


def my_places(user, *, now: dt.datetime | None = None) -> dict[int, Enrolment]:
    """The person's live places on coming sessions, by session id."""
    now = now or timezone.now()
    return {
        e.session_id: e
        for e in Enrolment.objects.filter(
            user=user, status__in=Enrolment.ACTIVE, session__starts_at__gt=now, session__status="scheduled"
        )
    }


def enrolments_of(user, *, now: dt.datetime | None = None) -> list[Enrolment]:
    now = now or timezone.now()
    return list(
        Enrolment.objects.filter(
            user=user,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITING, Enrolment.Status.OFFERED],
            session__ends_at__gt=now,
        )
        .select_related("session__course")
        .order_by("session__starts_at", "pk")
    )


def completions_of(user) -> list[Completion]:
    return list(Completion.objects.filter(user=user).select_related("course"))


def sessions_of_trainer(user, *, now: dt.datetime | None = None) -> list[Session]:
    """The trainer's sessions from a week ago on. 1 query."""
    now = now or timezone.now()
    return list(
        _with_taken(
            Session.objects.filter(trainer=user, ends_at__gt=now - dt.timedelta(days=7)).select_related("course"), now
        ).order_by("starts_at", "pk")
    )


def participants(session: Session) -> list[Enrolment]:
    """Everyone with a seat, then the wait list in order. 1 query."""
    return list(
        session.enrolments.filter(status__in=[*Enrolment.SEATED, Enrolment.Status.OFFERED, Enrolment.Status.WAITING])
        .select_related("user__unit")
        .order_by("created_at", "pk")
    )


def voluntary_year(now: dt.datetime | None = None) -> int:
    """The calendar year voluntary programmes are counted over: the last completed one, never
    the running year (a figure that grows day by day points to whoever just took part)."""
    return timezone.localdate(now or timezone.now()).year - 1


def _population() -> dict:
    """Active people per unit itself (as the overview counts its population)."""
    people = get_user_model().objects.filter(is_active=True, deactivated_at__isnull=True, unit__isnull=False)
    return {row["unit_id"]: row["n"] for row in people.values("unit_id").annotate(n=Count("pk")).order_by()}


def voluntary_counts(course: Course, units, *, now: dt.datetime | None = None) -> list[dict]:
    """Per unit in `units` (and below): how many people completed the programme in the last
    completed calendar year (`voluntary_year`), by the unit they were in when they completed it.
    Counts only, under the rules of the overview's usage figures (`overview.privacy`): the health
    minimum on both sides (who did, who did not) and the minimum difference, computed once per
    organisation tree, whatever the reader."""
    year = voluntary_year(now)
    done = (
        Completion.objects.filter(course=course, completed_on__year=year, unit__isnull=False)
        .values("unit_id")
        .annotate(
            people=Count("user_id", distinct=True),
            detached=Count("pk", filter=Q(user__isnull=True)),
        )
        .order_by()
    )
    per_unit = {row["unit_id"]: row["people"] + row["detached"] for row in done}
    population = _population()
    all_units = list(OrganisationUnit.objects.order_by("path"))
    by_path = {u.path: u for u in all_units}
    step = OrganisationUnit.steplen
    totals, reasons, minimums = {}, {}, {}
    for root in [u for u in all_units if u.depth == 1]:
        tree = [
            (u.pk, by_path[u.path[:-step]].pk if u.depth > 1 else None)
            for u in all_units
            if u.path.startswith(root.path)
        ]
        minimum = monitor_min_group_health(organisation_of_unit(root))
        shown, hidden = usage_visibility(tree, per_unit, population, minimum=minimum)
        totals.update(shown)
        reasons.update(hidden)
        minimums.update({key: minimum for key, _parent in tree})
    top = min(s.depth for s in units) if units else 1
    return [
        {
            "unit": unit,
            "depth": unit.depth - top,
            "count": totals.get(unit.pk),
            "hidden": reason_text(reasons[unit.pk], minimum=minimums[unit.pk]) if unit.pk in reasons else "",
            "minimum": minimums[unit.pk],
        }
        for unit in all_units
        if any(unit.path.startswith(scope.path) for scope in units)
    ]


def units_below(units) -> list[OrganisationUnit]:
    """`units` and every unit below them, in tree order. 1 query."""
    in_units = Q()
    for unit in units:
        in_units |= Q(path__startswith=unit.path)
    return list(OrganisationUnit.objects.filter(in_units).order_by("path"))
