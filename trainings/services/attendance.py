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
    came = 0
    for enrolment in session.enrolments.filter(status__in=Enrolment.SEATED).select_related("user"):
        present = enrolment.user_id in attended_ids
        status = Enrolment.Status.ATTENDED if present else Enrolment.Status.ABSENT
        if enrolment.status != status:
            enrolment.status = status
            enrolment.save(update_fields=["status"])
        if present:
            came += 1
            Completion.objects.get_or_create(
                user_id=enrolment.user_id,
                course=session.course,
                completed_on=day,
                # Where they work today: the voluntary counts stay with this unit if they move.
                defaults={"session": session, "unit_id": enrolment.user.unit_id},
            )
        else:
            Completion.objects.filter(user_id=enrolment.user_id, session=session).delete()
    return came
