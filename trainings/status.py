"""Who must take which course, and whether they are current, due or lapsed.

A course is required of a person when one of their roles has a `Requirement` for it. When
several roles require it, the shortest renewal period applies (none = once is enough).
Someone who never completed it is due `FIRST_DUE_DAYS` after they came under the rule
(the rule was made, or they joined, whichever is later). After a completion the course is
due again `renewal_months` later; with no renewal it stays current. "Due" means the due
date is within `DUE_WINDOW_DAYS`; "lapsed" that it has passed.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from .models import Completion, Course, Requirement

FIRST_DUE_DAYS = 90
DUE_WINDOW_DAYS = 60

CURRENT, DUE, LAPSED = "current", "due", "lapsed"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Rule:
    """What is required of one person for one course."""

    course: Course
    renewal_months: int | None
    since: dt.date  # when the earliest of their requiring rules was made


@dataclass(frozen=True)
class PersonStatus:
    user: object
    course: Course
    state: str
    due_on: dt.date | None
    last_completed: dt.date | None


def _rules_by_course(requirements, roles: set[str]) -> dict[int, Rule]:
    found: dict[int, Rule] = {}
    for requirement in requirements:
        if requirement.role not in roles:
            continue
        since = timezone.localdate(requirement.created_at)
        current = found.get(requirement.course_id)
        if current is None:
            found[requirement.course_id] = Rule(requirement.course, requirement.renewal_months, since)
            continue
        renewals = [m for m in (current.renewal_months, requirement.renewal_months) if m]
        found[requirement.course_id] = Rule(
            current.course, min(renewals) if renewals else None, min(current.since, since)
        )
    return found


def status_of(user, rule: Rule, last_completed: dt.date | None, today: dt.date) -> PersonStatus:
    if last_completed is None:
        start = max(rule.since, timezone.localdate(user.date_joined))
        due_on = start + dt.timedelta(days=FIRST_DUE_DAYS)
        state = LAPSED if today > due_on else DUE
        return PersonStatus(user, rule.course, state, due_on, None)
    if not rule.renewal_months:
        return PersonStatus(user, rule.course, CURRENT, None, last_completed)
    due_on = add_months(last_completed, rule.renewal_months)
    if today > due_on:
        state = LAPSED
    elif (due_on - today).days <= DUE_WINDOW_DAYS:
        state = DUE
    else:
        state = CURRENT
    return PersonStatus(user, rule.course, state, due_on, last_completed)


def _requirements():
    return list(Requirement.objects.select_related("course").filter(course__active=True))


def required_for(user, *, today: dt.date | None = None) -> list[PersonStatus]:
    """What is required of `user` and where they stand, soonest due first (3 queries)."""
    today = today or timezone.localdate()
    roles = set(user.groups.values_list("name", flat=True))
    rules = _rules_by_course(_requirements(), roles)
    if not rules:
        return []
    last = dict(
        Completion.objects.filter(user=user, course_id__in=rules)
        .values("course_id")
        .annotate(last=Max("completed_on"))
        .values_list("course_id", "last")
    )
    found = [status_of(user, rule, last.get(course_id), today) for course_id, rule in rules.items()]
    return sorted(found, key=lambda s: (s.due_on or dt.date.max, s.course.title))


def people_required(course: Course, units, *, today: dt.date | None = None) -> list[PersonStatus]:
    """Everyone in `units` (and below) of whom `course` is required, with their state (4 queries)."""
    return people_required_by_course([course], units, today=today).get(course.pk, [])


def people_required_by_course(courses, units, *, today: dt.date | None = None) -> dict[int, list[PersonStatus]]:
    """For each of `courses`: everyone in `units` (and below) of whom it is required, with their
    state. The same 4 queries for one course or many (requirements, people, their roles, the
    last completion per person and course)."""
    today = today or timezone.localdate()
    wanted = {course.pk for course in courses}
    requirements = [r for r in _requirements() if r.course_id in wanted]
    roles = {r.role for r in requirements}
    found: dict[int, list[PersonStatus]] = {course_id: [] for course_id in wanted}
    if not roles or not units:
        return found
    in_units = Q()
    for unit in units:
        in_units |= Q(unit__path__startswith=unit.path)
    users = list(
        get_user_model()
        .objects.filter(in_units, is_active=True, groups__name__in=roles)
        .distinct()
        .select_related("unit")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "pk")
    )
    last = {
        (user_id, course_id): on
        for user_id, course_id, on in Completion.objects.filter(course_id__in=wanted, user__in=[u.pk for u in users])
        .values("user_id", "course_id")
        .annotate(last=Max("completed_on"))
        .values_list("user_id", "course_id", "last")
    }
    for user in users:
        rules = _rules_by_course(requirements, {g.name for g in user.groups.all()})
        for course_id, rule in rules.items():
            found[course_id].append(status_of(user, rule, last.get((user.pk, course_id)), today))
    return found


def counts(statuses) -> dict[str, int]:
    found = defaultdict(int)
    for status in statuses:
        found[status.state] += 1
    return {CURRENT: found[CURRENT], DUE: found[DUE], LAPSED: found[LAPSED]}


def required_courses() -> list[Course]:
    ids = Requirement.objects.filter(course__active=True).values("course_id")
    return list(Course.objects.filter(pk__in=ids).prefetch_related("requirements"))
