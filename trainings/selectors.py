"""Reads that the pages share, each in a fixed number of queries."""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from accounts.models import OrganisationUnit
from organisations.selectors import organisation_of_unit
from surveys.anonymity import MIN_GROUP_FLOOR, Group, suppress

from .models import Completion, Course, Enrolment, Session

# Voluntary programmes are counted over the last year.
VOLUNTARY_WINDOW_DAYS = 365


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


def min_group(unit: OrganisationUnit) -> int:
    organisation = organisation_of_unit(unit)
    configured = organisation.effective_monitor_min_group if organisation.pk else organisation.monitor_min_group
    return max(MIN_GROUP_FLOOR, configured)


def voluntary_counts(course: Course, units, *, now: dt.datetime | None = None) -> list[dict]:
    """Per unit in `units` (and below): how many completed the programme in the last year,
    as counts only, under the minimum group and the minimum-difference rule
    (`surveys.anonymity.suppress`), computed once per organisation tree, whatever the reader."""
    now = now or timezone.now()
    since = (now - dt.timedelta(days=VOLUNTARY_WINDOW_DAYS)).date()
    per_unit = dict(
        Completion.objects.filter(course=course, completed_on__gte=since, user__unit__isnull=False)
        .values("user__unit_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("user__unit_id", "n")
    )
    all_units = list(OrganisationUnit.objects.order_by("path"))
    by_path = {u.path: u for u in all_units}
    step = OrganisationUnit.steplen
    shown, totals, minimums = set(), {}, {}
    for root in [u for u in all_units if u.depth == 1]:
        tree = [u for u in all_units if u.path.startswith(root.path)]
        minimum = min_group(root)
        groups = [Group(u.pk, by_path[u.path[:-step]].pk if u.depth > 1 else None, per_unit.get(u.pk, 0)) for u in tree]
        shown |= suppress(groups, minimum=minimum)
        for u in tree:
            totals.setdefault(u.pk, 0)
            minimums[u.pk] = minimum
            count = per_unit.get(u.pk, 0)
            for end in range(step, len(u.path) + 1, step) if count else ():
                ancestor = by_path[u.path[:end]].pk
                totals[ancestor] = totals.get(ancestor, 0) + count
    rows = []
    for unit in all_units:
        if not any(unit.path.startswith(scope.path) for scope in units):
            continue
        rows.append(
            {
                "unit": unit,
                "depth": unit.depth - min(s.depth for s in units),
                "count": totals[unit.pk] if unit.pk in shown else None,
                "minimum": minimums[unit.pk],
            }
        )
    return rows


def units_below(units) -> list[OrganisationUnit]:
    """`units` and every unit below them, in tree order. 1 query."""
    in_units = Q()
    for unit in units:
        in_units |= Q(path__startswith=unit.path)
    return list(OrganisationUnit.objects.filter(in_units).order_by("path"))
