"""Required courses: due dates, states, and the daily reminder before a course lapses."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from notifications.models import OutboxMessage
from tests.factories import UserFactory
from trainings import services
from trainings.models import Completion, Requirement
from trainings.status import DUE, FIRST_DUE_DAYS, LAPSED, add_months, required_for


@pytest.fixture
def crisis_rules(crisis_day):
    long_ago = timezone.now() - dt.timedelta(days=400)
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=12, created_at=long_ago)
    Requirement.objects.create(course=crisis_day, role=Role.COORDINATOR, renewal_months=24, created_at=long_ago)
    return crisis_day


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 12) == dt.date(2027, 11, 15)


def test_a_yearly_course_is_due_a_year_after_the_last_completion_and_then_lapses(mona, crisis_rules):
    today = timezone.localdate()
    Completion.objects.create(user=mona, course=crisis_rules, completed_on=today - dt.timedelta(days=330))
    (status,) = required_for(mona, today=today)
    assert status.state == DUE
    assert status.due_on == add_months(today - dt.timedelta(days=330), 12)
    (later,) = required_for(mona, today=status.due_on + dt.timedelta(days=1))
    assert later.state == LAPSED


def test_a_once_only_course_stays_current_after_one_completion(mona, crisis_day):
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=None, created_at=timezone.now())
    Completion.objects.create(user=mona, course=crisis_day, completed_on=dt.date(2020, 1, 1))
    (status,) = required_for(mona)
    assert status.state == "current" and status.due_on is None


def test_someone_who_never_took_it_is_due_some_weeks_after_coming_under_the_rule(crisis_rules):
    newcomer = UserFactory(roles=[Role.MANAGER])
    (status,) = required_for(newcomer)
    assert status.state == DUE
    assert status.due_on == timezone.localdate(newcomer.date_joined) + dt.timedelta(days=FIRST_DUE_DAYS)


def test_the_shortest_renewal_of_a_persons_roles_applies(crisis_rules):
    both = UserFactory(roles=[Role.MANAGER, Role.COORDINATOR])
    Completion.objects.create(user=both, course=crisis_rules, completed_on=timezone.localdate())
    (status,) = required_for(both)
    assert status.due_on == add_months(timezone.localdate(), 12)


def test_the_daily_reminder_goes_once_per_person_and_due_date(mona, alice, crisis_rules, org):
    today = timezone.localdate()
    Completion.objects.create(user=mona, course=crisis_rules, completed_on=today - dt.timedelta(days=340))
    assert services.requirement_reminders_send() == 1
    services.requirement_reminders_send()
    services.requirement_reminders_send(now=timezone.now() + dt.timedelta(days=1))
    reminders = OutboxMessage.objects.filter(template="trainings_due")
    assert reminders.count() == 1 and reminders.get().recipient == mona


def test_no_reminder_for_someone_who_has_a_seat_on_a_coming_session(mona, crisis_rules, make_session):
    Completion.objects.create(
        user=mona, course=crisis_rules, completed_on=timezone.localdate() - dt.timedelta(days=340)
    )
    services.enrolment_create(session=make_session(of=crisis_rules, capacity=5), user=mona)
    assert services.requirement_reminders_send() == 0


def test_the_daily_reminders_take_the_same_number_of_queries_for_5_and_for_50_people(crisis_rules, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def scan():
        with CaptureQueriesContext(connection) as ctx:
            made = services.requirement_reminders_send()
        return made, len(ctx)

    for i in range(5):
        UserFactory(email=f"few{i}@example.org", unit=org["team_a"], roles=[Role.MANAGER])
    few, few_queries = scan()
    people = [UserFactory(email=f"many{i}@example.org", unit=org["team_a"], roles=[Role.MANAGER]) for i in range(45)]
    many, many_queries = scan()
    assert (few, many) == (5, 50)
    assert few_queries == many_queries
    for person in people:
        reminder = OutboxMessage.objects.get(template="trainings_due", recipient=person)
        assert reminder.context["title"] == crisis_rules.title_en
    assert OutboxMessage.objects.filter(template="trainings_due").count() == 50
