"""The wellbeing officer's side (courses, sessions, requirements) and the status pages that
the officer (their own organisation) and managers (their own units) read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import post_action
from core.errors import DomainError
from organisations.selectors import organisation_of

from .. import access, selectors, services
from ..forms import CourseForm, RequirementForm, SessionForm
from ..status import counts, people_required, people_required_by_course

MANAGE = "trainings.manage_trainings"


@login_required
@permission_required(MANAGE, raise_exception=True)
def manage(request):
    return render(
        request,
        "trainings/manage.html",
        {"courses": selectors.courses_all(), "requirement_form": RequirementForm()},
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def course_edit(request, pk=None):
    instance = access.course_for_officer(pk) if pk is not None else None
    form = CourseForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The course is saved."))
        return redirect("trainings:manage")
    return render(
        request, "trainings/form.html", {"form": form, "title": instance.title if instance else _("New course")}
    )


def _session_form_page(request, *, course, session=None):
    initial = {"time_zone": organisation_of(request.user).time_zone or "Europe/Amsterdam", "capacity": 12}
    if session is not None:
        initial = {
            "starts_at": session.local_start.replace(tzinfo=None),
            "time_zone": session.time_zone,
            "place": session.place,
            "video_link": session.video_link,
            "capacity": session.capacity,
            "trainer": session.trainer_id,
        }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if session is None:
                    services.session_create(course=course, **data)
                else:
                    services.session_update(session=session, **data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The session is saved."))
                return redirect("trainings:manage")
    title = _("New session: %(course)s") % {"course": course.title}
    return render(request, "trainings/form.html", {"form": form, "title": title})


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_new(request, course_id):
    return _session_form_page(request, course=access.course_for_officer(course_id))


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = access.session_for_officer(pk)
    return _session_form_page(request, course=session.course, session=session)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def session_cancel(request, pk):
    session = access.session_for_officer(pk)
    return post_action(
        request,
        lambda: services.session_cancel(session=session),
        success=_("The session is cancelled; everyone on it has been told."),
        then=reverse("trainings:manage"),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def requirement_add(request, course_id):
    course = access.course_for_officer(course_id)
    return post_action(
        request,
        lambda role, renewal_months: services.requirement_set(course=course, role=role, renewal_months=renewal_months),
        form=RequirementForm(request.POST),
        success=_("The course is now required for this role."),
        then=reverse("trainings:manage"),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def requirement_delete(request, pk):
    requirement = access.requirement_for_officer(pk)
    return post_action(
        request,
        lambda: services.requirement_remove(requirement=requirement),
        success=_("The course is no longer required for this role."),
        then=reverse("trainings:manage"),
    )


@login_required
def status(request):
    """Every course and how the people of the reader's units stand on it."""
    units = access.status_units(request.user)
    today = timezone.localdate()
    rows = []
    courses = selectors.courses_all()
    people = people_required_by_course([c for c in courses if c.requirements.all()], units, today=today)
    for course in courses:
        if course.requirements.all():
            rows.append({"course": course, "required": True, "counts": counts(people[course.pk])})
        else:
            rows.append({"course": course, "required": False})
    return render(request, "trainings/status.html", {"rows": rows, "units": units})


@login_required
def status_course(request, pk):
    """Per unit. A required course: counts and names (it is part of the job). A voluntary
    programme: counts only, never a group below the minimum, nor one that follows by subtraction."""
    units = access.status_units(request.user)
    course = access.course_for_status(pk)
    context = {"course": course, "units": units}
    if course.requirements.all():
        people = people_required(course, units)
        table = []
        for unit in selectors.units_below(units):
            inside = [p for p in people if p.user.unit is not None and p.user.unit.path.startswith(unit.path)]
            table.append({"unit": unit, "depth": unit.depth - min(u.depth for u in units), **counts(inside)})
        context.update(required=True, people=sorted(people, key=_urgency), table=table)
    else:
        context.update(
            required=False, table=selectors.voluntary_counts(course, units), year=str(selectors.voluntary_year())
        )
    return render(request, "trainings/status_course.html", context)


def _urgency(person):
    order = {"lapsed": 0, "due": 1, "current": 2}
    return (order[person.state], person.due_on or timezone.localdate().max, person.user.get_full_name())
