"""What the manager's overview (the `overview` app) reads of trainings. Names are a contract.

Required courses are part of the job: a manager sees, for the units they manage, how many of
the people who must take each one are current, due or lapsed (and, on the detail page, who).
Voluntary programmes never appear here.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role

from .models import Course
from .status import DUE, LAPSED, PersonStatus, counts, people_required_by_course, required_courses, required_for


@dataclass(frozen=True)
class RequiredCourseStatus:
    course_title: str
    roles: str  # the roles it is required for, as readable text
    current: int
    due: int
    lapsed: int
    detail_url: str  # the officer's/manager's per-unit page for this course


@dataclass(frozen=True)
class RequiredPeople:
    """The required courses and, per course, the people in some units who must take it: what both
    the training figures and "what needs you now" count, read once for a page that shows both."""

    courses: list[Course]
    people: dict[int, list[PersonStatus]]


def required_people(units, *, today: dt.date | None = None) -> RequiredPeople:
    """The people in `units` (and below) who must take a required course, per course (5 queries)."""
    courses = required_courses()
    return RequiredPeople(courses, people_required_by_course(courses, list(units), today=today))


def _roles_text(course) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(r.role, r.role)) for r in course.requirements.all())


def required_training_status(
    units, *, today: dt.date | None = None, required: RequiredPeople | None = None
) -> list[RequiredCourseStatus]:
    """Per required course: the people in `units` (and below) who must take it, by state.
    `required`: `required_people(units)` when the page has read it already."""
    today = today or timezone.localdate()
    required = required or required_people(units, today=today)
    found = []
    for course in required.courses:
        figures = counts(required.people[course.pk])
        found.append(
            RequiredCourseStatus(
                course_title=course.title,
                roles=_roles_text(course),
                current=figures["current"],
                due=figures["due"],
                lapsed=figures["lapsed"],
                detail_url=reverse("trainings:status_course", args=[course.pk]),
            )
        )
    return found


def training_needs(
    user, units, *, today: dt.date | None = None, required: RequiredPeople | None = None
) -> list[tuple[str, str, dt.date | None]]:
    """(text, url, due) for "what needs you now": a required course due/lapsed for `user` themself,
    and, for managers, the count of people in `units` lapsed on a required course.
    `required`: `required_people(units)` when the page has read it already."""
    today = today or timezone.localdate()
    needs = []
    for status in required_for(user, today=today):
        url = reverse("trainings:course", args=[status.course.slug])
        if status.state == LAPSED:
            text = _("%(course)s is overdue: please choose a session.") % {"course": status.course.title}
        elif status.state == DUE:
            text = _("%(course)s is due: please choose a session.") % {"course": status.course.title}
        else:
            continue
        needs.append((text, url, status.due_on))
    units = list(units)
    if units:
        required = required or required_people(units, today=today)
        for course in required.courses:
            lapsed = counts(required.people[course.pk])["lapsed"]
            if lapsed:
                text = ngettext(
                    "%(n)s person in your units is overdue on %(course)s.",
                    "%(n)s people in your units are overdue on %(course)s.",
                    lapsed,
                ) % {"n": lapsed, "course": course.title}
                needs.append((text, reverse("trainings:status_course", args=[course.pk]), None))
    return needs
