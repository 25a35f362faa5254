"""The daily reminder before a required course lapses: once per person, course and due date."""

import datetime as dt

from django.utils import timezone

from accounts.models import OrganisationUnit

from ..models import Enrolment
from ..status import DUE, people_required, required_courses
from . import messages


def requirement_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Schedule a reminder for everyone whose required course falls due within the window and
    who has no seat on a coming session of it. The outbox key holds the due date, so running
    this every day (or twice) sends one reminder per due date; a new completion makes a new
    due date and, when that comes near, one new reminder."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    roots = list(OrganisationUnit.objects.filter(depth=1).order_by("path"))
    scheduled = 0
    for course in required_courses():
        seated = set(
            Enrolment.objects.filter(
                session__course=course,
                session__starts_at__gt=now,
                session__status="scheduled",
                status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.OFFERED],
            ).values_list("user_id", flat=True)
        )
        for status in people_required(course, roots, today=today):
            if status.state != DUE or status.user.pk in seated:
                continue
            messages.requirement_due_schedule(user=status.user, course=course, due_on=status.due_on, now=now)
            scheduled += 1
    return scheduled
