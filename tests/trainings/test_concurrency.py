"""Races on real PostgreSQL: the session's row lock decides who gets the last seats."""

import threading

import pytest
from django.db import connection

from core.errors import DomainError
from tests.factories import UserFactory
from trainings import services
from trainings.models import Enrolment


def _run_at_once(workers):
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_enrolling_at_once_in_three_places_give_three_seats_and_seventeen_clear_refusals(make_session):
    session = make_session(capacity=3)
    people = [UserFactory() for _ in range(20)]
    results = _run_at_once([(lambda p=p: services.enrolment_create(session=session, user=p)) for p in people])
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
    results = _run_at_once(
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
    results = _run_at_once([lambda: services.enrolment_create(session=session, user=person) for _ in range(4)])
    assert Enrolment.objects.filter(session=session, user=person).count() == 1
    assert all(isinstance(r, Enrolment | DomainError) for r in results), results
