import datetime as dt

import pytest
from django.utils import timezone

from trainings.models import Course, Enrolment, Session


@pytest.fixture
def course(db):
    return Course.objects.create(
        slug="resilience",
        title_en="Mental resilience training",
        title_nl="Training mentale weerbaarheid",
        title_da="Træning i mental robusthed",
        duration_minutes=120,
        contact="training@example.org",
    )


@pytest.fixture
def crisis_day(db):
    return Course.objects.create(slug="crisis-day", title_en="Crisis management follow-up day", duration_minutes=420)


@pytest.fixture
def make_session(course, tess):
    def make(*, days=7, hour=10, capacity=3, of=None, trainer=tess, time_zone="Europe/Amsterdam", starts_at=None):
        start = starts_at or (timezone.now() + dt.timedelta(days=days)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        target = of or course
        return Session.objects.create(
            course=target,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=target.duration_minutes),
            time_zone=time_zone,
            place="Groningen, room 2",
            capacity=capacity,
            trainer=trainer,
        )

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def seated(session):
    """Fill `session` with n people enrolled directly."""
    from tests.factories import UserFactory

    def fill(n, target=None):
        target = target or session
        people = [UserFactory() for _ in range(n)]
        for person in people:
            Enrolment.objects.create(
                session=target, user=person, status=Enrolment.Status.ENROLLED, created_at=timezone.now()
            )
        return people

    return fill
