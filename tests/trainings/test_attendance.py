"""Trainers mark attendance on their own sessions; attendance makes completion records."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.errors import DomainError
from tests.factories import UserFactory, with_totp
from trainings import services
from trainings.models import Completion, Enrolment


def test_marking_attendance_makes_a_completion_dated_on_the_sessions_day(session, seated):
    came, stayed_away, _third = seated(3)
    with time_machine.travel(session.starts_at + dt.timedelta(hours=1)):
        assert services.attendance_mark(session=session, attended_ids=[came.pk]) == 1
    assert Enrolment.objects.get(user=came).status == Enrolment.Status.ATTENDED
    assert Enrolment.objects.get(user=stayed_away).status == Enrolment.Status.ABSENT
    completion = Completion.objects.get()
    assert completion.user == came and completion.completed_on == session.local_start.date()


def test_attendance_cannot_be_marked_before_the_session_starts(session, seated):
    person, *_ = seated(1)
    with pytest.raises(DomainError):
        services.attendance_mark(session=session, attended_ids=[person.pk])


def test_completions_stay_when_the_session_is_deleted(session, seated):
    person, *_ = seated(1)
    with time_machine.travel(session.starts_at + dt.timedelta(hours=1)):
        services.attendance_mark(session=session, attended_ids=[person.pk])
    session.delete()
    completion = Completion.objects.get(user=person)
    assert completion.session is None


def test_a_trainer_marks_attendance_of_their_own_session_through_the_page(client, tess, make_session, seated):
    session = make_session(starts_at=timezone.now() - dt.timedelta(minutes=30))
    person, _other = seated(2, session)
    client.force_login(tess)
    page = client.get(reverse("trainings:participants", args=[session.pk]))
    assert person.get_full_name() in page.content.decode()
    client.post(reverse("trainings:attendance", args=[session.pk]), {"attended": [str(person.pk)]})
    assert list(Completion.objects.values_list("user", flat=True)) == [person.pk]


def test_another_trainers_session_is_not_found(client, make_session, seated):
    session = make_session(starts_at=timezone.now() - dt.timedelta(minutes=30))
    seated(1, session)
    other = with_totp(UserFactory(roles=[Role.TRAINER]))
    client.force_login(other)
    assert client.get(reverse("trainings:participants", args=[session.pk])).status_code == 404
    response = client.post(reverse("trainings:attendance", args=[session.pk]), {"attended": []})
    assert response.status_code == 404
    assert not Enrolment.objects.exclude(status="enrolled").exists()


def test_an_employee_cannot_open_the_trainer_pages(client, alice, session):
    client.force_login(alice)
    assert client.get(reverse("trainings:teaching")).status_code == 403
    assert client.get(reverse("trainings:participants", args=[session.pk])).status_code == 403


def test_the_trainers_session_list_needs_the_same_queries_for_one_or_many_sessions(
    client, tess, make_session, django_assert_max_num_queries
):
    client.force_login(tess)
    make_session(days=3)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("trainings:teaching"))
    for days in range(4, 12):
        make_session(days=days)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("trainings:teaching")).status_code == 200


def test_the_participant_list_needs_the_same_queries_for_one_or_many_people(
    client, tess, make_session, seated, django_assert_max_num_queries
):
    session = make_session(capacity=30)
    seated(1, session)
    client.force_login(tess)
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("trainings:participants", args=[session.pk]))
    seated(15, session)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("trainings:participants", args=[session.pk])).status_code == 200
