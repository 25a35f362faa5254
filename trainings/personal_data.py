"""A person's trainings data, for the export and erasure of personal data (core/personal_data.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.personal_data import Kept, when
from notifications.services import messages_cancel_prefix

from .models import Completion, Enrolment, Requirement
from .services import seats_offer

TITLE = gettext_lazy("Trainings")


def export_for(user) -> dict:
    """Everything the trainings app holds about `user`, labelled in the reader's language."""
    enrolments = Enrolment.objects.filter(user=user).select_related("session__course").order_by("created_at")
    completions = Completion.objects.filter(user=user).select_related("course").order_by("completed_on")
    return {
        gettext("Places on training sessions"): [
            {
                gettext("Course"): e.session.course.title,
                gettext("Starts"): when(e.session.starts_at),
                gettext("Time zone"): e.session.time_zone,
                gettext("State"): e.get_status_display(),
                gettext("Signed up"): when(e.created_at),
                gettext("Cancelled"): when(e.cancelled_at),
            }
            for e in enrolments
        ],
        gettext("Trainings you completed"): [
            {gettext("Course"): c.course.title, gettext("Completed on"): when(c.completed_on)} for c in completions
        ],
        gettext("Training sessions you gave"): [
            {gettext("Course"): s.course.title, gettext("Starts"): when(s.starts_at)}
            for s in user.training_sessions.select_related("course").order_by("starts_at")
        ],
    }


@transaction.atomic
def erase_for(user) -> list[str]:
    """Erase what may be erased; return, as sentences for the person, what was removed and
    what is kept and why.

    Places on coming sessions are cancelled (their seat goes to the wait list) and every
    enrolment is deleted. Completions of voluntary programmes are detached from the person:
    the unit counts already shown keep them, and nothing links them to the person any more.
    Completions of courses required for a role are kept, as part of the job record."""
    now = timezone.now()
    lines: list[str] = []
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
        lines.append(gettext("Your places on coming training sessions are cancelled."))
    _total, per_model = Enrolment.objects.filter(user=user).delete()
    removed = per_model.get(Enrolment._meta.label, 0)
    if removed:
        lines.append(
            ngettext(
                "%(n)d record of a place on a training session was removed.",
                "%(n)d records of places on training sessions were removed.",
                removed,
            )
            % {"n": removed}
        )
    required = Requirement.objects.values("course_id")
    detached = Completion.objects.filter(user=user).exclude(course_id__in=required).update(user=None, session=None)
    if detached:
        lines.append(
            ngettext(
                "%(n)d completion of a voluntary programme was removed from your record: it stays only as "
                "one in the anonymous count of your unit, with nothing that links it to you.",
                "%(n)d completions of voluntary programmes were removed from your record: they stay only "
                "in the anonymous counts of your unit, with nothing that links them to you.",
                detached,
            )
            % {"n": detached}
        )
    kept = Completion.objects.filter(user=user, course_id__in=required).count()
    if kept:
        lines.append(
            Kept(
                ngettext(
                    "%(n)s completion of a required course is kept: it is part of your job record.",
                    "%(n)s completions of required courses are kept: they are part of your job record.",
                    kept,
                )
                % {"n": kept}
            )
        )
    return lines
