"""A person's trainings data, for the export and erasure of personal data (another app calls these)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import messages_cancel_prefix

from .models import Completion, Enrolment, Requirement
from .services import seats_offer


def export_for(user) -> dict:
    """Everything the trainings app holds about `user`, as plain data."""
    return {
        "enrolments": [
            {
                "course": e.session.course.title,
                "starts_at": e.session.starts_at.isoformat(),
                "time_zone": e.session.time_zone,
                "status": e.status,
                "enrolled_at": e.created_at.isoformat(),
                "cancelled_at": e.cancelled_at.isoformat() if e.cancelled_at else None,
            }
            for e in Enrolment.objects.filter(user=user).select_related("session__course").order_by("created_at")
        ],
        "completions": [
            {"course": c.course.title, "completed_on": c.completed_on.isoformat()}
            for c in Completion.objects.filter(user=user).select_related("course").order_by("completed_on")
        ],
        "sessions_given": [
            {"course": s.course.title, "starts_at": s.starts_at.isoformat()}
            for s in user.training_sessions.select_related("course").order_by("starts_at")
        ],
    }


@transaction.atomic
def erase_for(user) -> list[str]:
    """Erase what may be erased; return, as sentences for the person, what was kept and why.

    Places on coming sessions are cancelled (their seat goes to the wait list); past
    enrolments and completions of voluntary programmes are deleted; completions of courses
    required for a role are kept, as part of the job record."""
    now = timezone.now()
    notes = []
    cancelled = 0
    for enrolment in Enrolment.objects.filter(
        user=user,
        status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITING, Enrolment.Status.OFFERED],
        session__starts_at__gt=now,
    ).select_related("session__course"):
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CANCELLED, cancelled_at=now)
        messages_cancel_prefix(prefix=f"training-enrolment:{enrolment.pk}:")
        # Free the seat for the next person, past any cancellation deadline: erasure is not a late cancel.
        seats_offer(session=enrolment.session, now=now)
        cancelled += 1
    if cancelled:
        notes.append(_("Your places on coming training sessions are cancelled."))
    Enrolment.objects.filter(user=user).delete()
    required = Requirement.objects.values("course_id")
    Completion.objects.filter(user=user).exclude(course_id__in=required).delete()
    kept = Completion.objects.filter(user=user, course_id__in=required).count()
    if kept:
        notes.append(
            ngettext(
                "%(n)s completion of a required course is kept: it is part of your job record.",
                "%(n)s completions of required courses are kept: they are part of your job record.",
                kept,
            )
            % {"n": kept}
        )
    return notes
