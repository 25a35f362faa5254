"""Attendance, marked by the trainer, and the completion records it produces."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import Completion, Enrolment, Session


@transaction.atomic
def attendance_mark(*, session: Session, attended_ids, now: dt.datetime | None = None) -> int:
    """Mark who came: everyone with a seat is attended (in `attended_ids`) or absent.

    Each attended person gets a completion dated the session's day in its own time zone, with
    the unit they are in now;
    marking someone absent again removes that session's completion. Returns how many came."""
    now = now or timezone.now()
    session = Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError(_("This session was cancelled."))
    if session.starts_at > now:
        raise DomainError(_("Attendance can be marked once the session has started."))
    attended_ids = {int(pk) for pk in attended_ids}
    day = session.local_start.date()
    seated = list(session.enrolments.filter(status__in=Enrolment.SEATED).select_related("user"))
    present = [enrolment for enrolment in seated if enrolment.user_id in attended_ids]
    absent = [enrolment for enrolment in seated if enrolment.user_id not in attended_ids]
    # A constant number of queries however many took part (a course day can seat a hundred).
    for enrolments, status in ((present, Enrolment.Status.ATTENDED), (absent, Enrolment.Status.ABSENT)):
        changed = [enrolment.pk for enrolment in enrolments if enrolment.status != status]
        if changed:
            Enrolment.objects.filter(pk__in=changed).update(status=status)
    if present:
        already = set(
            Completion.objects.filter(
                user_id__in=[enrolment.user_id for enrolment in present], course=session.course, completed_on=day
            ).values_list("user_id", flat=True)
        )
        Completion.objects.bulk_create(
            [
                # Where they work today: the voluntary counts stay with this unit if they move.
                Completion(
                    user_id=enrolment.user_id,
                    course=session.course,
                    completed_on=day,
                    session=session,
                    unit_id=enrolment.user.unit_id,
                )
                for enrolment in present
                if enrolment.user_id not in already
            ]
        )
    if absent:
        Completion.objects.filter(user_id__in=[enrolment.user_id for enrolment in absent], session=session).delete()
    return len(present)
