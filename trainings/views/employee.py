"""The employee's side: see courses and sessions, enrol or wait, take an offered seat, cancel."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import post_action

from .. import access, selectors, services
from ..calendar import session_ics
from ..models import Enrolment
from ..status import required_for

PERMISSION = "trainings.enrol_training"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def courses(request):
    """Every offered course with its coming sessions and free places."""
    return render(request, "trainings/course_list.html", {"courses": selectors.courses_offered()})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def course(request, slug):
    course = access.course_open(slug)
    now = timezone.now()
    sessions = list(selectors.sessions_upcoming(now).filter(course=course))
    places = selectors.my_places(request.user, now=now)
    for session in sessions:
        session.free = max(0, session.capacity - session.taken)
        session.mine = places.get(session.pk)
    return render(request, "trainings/course_detail.html", {"course": course, "sessions": sessions})


def _enrolled_message(enrolment: Enrolment) -> str:
    if enrolment.status == Enrolment.Status.WAITING:
        return _("You are on the wait list. If a place comes free, we will e-mail you.")
    return _("You are enrolled. The invitation is on its way to your e-mail.")


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def enrol(request, session_id):
    session = access.session_open(session_id)
    return post_action(
        request,
        lambda: services.enrolment_create(
            session=session, user=request.user, wait_if_full=request.POST.get("wait") == "1"
        ),
        success=_enrolled_message,
        then=reverse("trainings:mine"),
        failed=reverse("trainings:course", args=[session.course.slug]),
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def mine(request):
    now = timezone.now()
    enrolments = selectors.enrolments_of(request.user, now=now)
    for enrolment in enrolments:
        enrolment.deadline = services.cancel_deadline(enrolment.session)
        enrolment.changeable = enrolment.status != Enrolment.Status.ENROLLED or now <= enrolment.deadline
    return render(
        request,
        "trainings/mine.html",
        {
            "enrolments": enrolments,
            "completions": selectors.completions_of(request.user),
            "required": required_for(request.user),
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    enrolment = access.enrolment_for_user(request.user, pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.enrolment_cancel(enrolment=enrolment),
            success=_("Your place is cancelled. Thank you for letting us know."),
            then=reverse("trainings:mine"),
        )
    now = timezone.now()
    late = enrolment.status == Enrolment.Status.ENROLLED and now > services.cancel_deadline(enrolment.session)
    return render(
        request,
        "trainings/cancel.html",
        {
            "enrolment": enrolment,
            "session": enrolment.session,
            "late_message": services.too_late_message(enrolment.session) if late else "",
            "active": enrolment.status
            in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING, Enrolment.Status.OFFERED),
        },
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def accept(request, pk):
    enrolment = access.enrolment_for_user(request.user, pk)
    return post_action(
        request,
        lambda: services.offer_accept(enrolment=enrolment),
        success=_("The place is yours. The invitation is on its way to your e-mail."),
        then=reverse("trainings:mine"),
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def invitation(request, pk):
    enrolment = access.enrolment_for_user(request.user, pk)
    method = "CANCEL" if enrolment.session.is_cancelled else "PUBLISH"
    response = HttpResponse(
        session_ics(enrolment.session, reader=request.user, method=method), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="training.ics"'
    return response
