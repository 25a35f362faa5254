"""The trainer's side: their own sessions, who is coming, and attendance."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action

from .. import access, selectors, services
from ..forms import AttendanceForm
from ..models import Enrolment

PERMISSION = "trainings.give_training"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def teaching(request):
    return render(request, "trainings/teaching.html", {"sessions": selectors.sessions_of_trainer(request.user)})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def participants(request, pk):
    session = access.session_for_trainer(request.user, pk)
    people = selectors.participants(session)
    seated = [e for e in people if e.status in Enrolment.SEATED]
    form = AttendanceForm(
        enrolments=seated,
        initial={"attended": [str(e.user_id) for e in seated if e.status == Enrolment.Status.ATTENDED]},
    )
    return render(
        request,
        "trainings/participants.html",
        {
            "session": session,
            "seated": seated,
            "waiting": [e for e in people if e.status not in Enrolment.SEATED],
            "form": form,
            "can_mark": session.starts_at <= timezone.now() and not session.is_cancelled,
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def attendance(request, pk):
    session = access.session_for_trainer(request.user, pk)
    seated = [e for e in selectors.participants(session) if e.status in Enrolment.SEATED]
    return post_action(
        request,
        lambda attended_ids: services.attendance_mark(session=session, attended_ids=attended_ids),
        form=AttendanceForm(request.POST, enrolments=seated),
        success=lambda came: _("Attendance saved: %(n)s came.") % {"n": came},
        then=reverse("trainings:participants", args=[session.pk]),
    )
