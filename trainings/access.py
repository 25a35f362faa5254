"""Who may open which trainings object. One place; unknown or not yours: 404.

The role is checked at the door (`@permission_required`): `trainings.enrol_training` for
employees, `trainings.give_training` for trainers, `trainings.manage_trainings` for the
wellbeing officer, `accounts.view_unit_aggregates` for managers (status of their units).
"""

from django.http import Http404

from accounts.models import OrganisationUnit
from organisations.selectors import organisation_of, root_path

from .models import Course, Enrolment, Requirement, Session


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def enrolment_for_user(user, pk) -> Enrolment:
    """The person's own place on a session; anyone else's: 404."""
    enrolment = (
        Enrolment.objects.filter(pk=_pk(pk), user=user).select_related("session__course", "session__trainer").first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def session_open(pk) -> Session:
    """A session people may enrol in: scheduled, of an offered course."""
    session = (
        Session.objects.filter(pk=_pk(pk), status=Session.Status.SCHEDULED, course__active=True)
        .select_related("course")
        .first()
    )
    if session is None:
        raise Http404
    return session


def course_open(slug) -> Course:
    course = Course.objects.filter(slug=slug, active=True).first()
    if course is None:
        raise Http404
    return course


def session_for_trainer(user, pk) -> Session:
    """A session this trainer gives; another trainer's: 404."""
    session = Session.objects.filter(pk=_pk(pk), trainer=user).select_related("course").first()
    if session is None:
        raise Http404
    return session


def course_for_officer(pk) -> Course:
    course = Course.objects.filter(pk=_pk(pk)).first()
    if course is None:
        raise Http404
    return course


def session_for_officer(pk) -> Session:
    session = Session.objects.filter(pk=_pk(pk)).select_related("course", "trainer").first()
    if session is None:
        raise Http404
    return session


def requirement_for_officer(pk) -> Requirement:
    requirement = Requirement.objects.filter(pk=_pk(pk)).select_related("course").first()
    if requirement is None:
        raise Http404
    return requirement


def status_units(user) -> list[OrganisationUnit]:
    """The units whose training status this reader sees: the officer the top unit of their own
    organisation (never another organisation's people), a manager the units they manage (and
    below). Nobody else: 404."""
    if user.has_perm("trainings.manage_trainings"):
        root = _officer_root(user)
        if root is not None:
            return [root]
        raise Http404
    if user.has_perm("accounts.view_unit_aggregates"):
        units = list(user.managed_units.order_by("path"))
        if units:
            return units
    raise Http404


def _officer_root(user) -> OrganisationUnit | None:
    """The top unit of the tree the officer's own unit is in (as `overview.access` reads it)."""
    if user.unit_id is not None:
        return OrganisationUnit.objects.filter(path=root_path(user.unit)).first()
    organisation = organisation_of(user)
    return organisation.root if organisation.root_id else None


def course_for_status(pk) -> Course:
    course = Course.objects.filter(pk=_pk(pk)).prefetch_related("requirements").first()
    if course is None:
        raise Http404
    return course
