"""The daily reminder before a required course lapses: once per person, course and due date."""

import datetime as dt

from django.utils import timezone

from accounts.models import OrganisationUnit
from notifications.services import messages_schedule_many

from ..models import Enrolment
from ..status import DUE, people_required_by_course, required_courses
from . import messages


def requirement_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Schedule a reminder for everyone whose required course falls due within the window and
    who has no seat on a coming session of it. The outbox key holds the due date, so running
    this every day (or twice) sends one reminder per due date; a new completion makes a new
    due date and, when that comes near, one new reminder.

    In bulk: the same handful of queries for every course and person (who is required, who
    has a seat), then one INSERT per 2,000 reminders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    roots = list(OrganisationUnit.objects.filter(depth=1).order_by("path"))
    courses = required_courses()
    seated = set(
        Enrolment.objects.filter(
            session__course__in=courses,
            session__starts_at__gt=now,
            session__status="scheduled",
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.OFFERED],
        ).values_list("user_id", "session__course_id")
    )
    statuses = people_required_by_course(courses, roots, today=today)
    rows = [
        messages.requirement_due_row(user=status.user, course=course, due_on=status.due_on, now=now)
        for course in courses
        for status in statuses.get(course.pk, [])
        if status.state == DUE and (status.user.pk, course.pk) not in seated
    ]
    messages_schedule_many(rows=rows)
    return len(rows)
