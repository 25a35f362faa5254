"""Races on real PostgreSQL: the session's row lock decides who gets the last seats."""

import pytest

from core.errors import DomainError
from tests.concurrency import run_at_once
from tests.factories import UserFactory
from trainings import services
from trainings.models import Enrolment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_enrolling_at_once_in_three_places_give_three_seats_and_seventeen_clear_refusals(make_session):
    session = make_session(capacity=3)
    people = [UserFactory() for _ in range(20)]
    results = run_at_once([(lambda p=p: services.enrolment_create(session=session, user=p)) for p in people])
    seats = [r for r in results if isinstance(r, Enrolment)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(seats) == 3, results
    assert len(refusals) == 17, results
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_full_session_never_takes_one_more_while_people_join_the_wait_list_at_once(make_session):
    session = make_session(capacity=2)
    people = [UserFactory() for _ in range(12)]
    results = run_at_once(
        [(lambda p=p: services.enrolment_create(session=session, user=p, wait_if_full=True)) for p in people]
    )
    assert all(isinstance(r, Enrolment) for r in results), results
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 2
    assert Enrolment.objects.filter(session=session, status="waiting").count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_person_clicking_twice_at_once_gets_one_place(make_session):
    session = make_session(capacity=5)
    person = UserFactory()
    results = run_at_once([lambda: services.enrolment_create(session=session, user=person) for _ in range(4)])
    assert Enrolment.objects.filter(session=session, user=person).count() == 1
    assert all(isinstance(r, Enrolment | DomainError) for r in results), results
