"""What other apps call: the manager's overview and personal-data export and erasure."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory
from trainings import overview, personal_data, services
from trainings.models import Completion, Enrolment, Requirement


def test_the_overview_counts_people_by_state_for_the_managers_units(org, mona, crisis_day):
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())
    lapsed = UserFactory(unit=org["team_a"], roles=[Role.MANAGER])
    Completion.objects.create(
        user=lapsed, course=crisis_day, completed_on=timezone.localdate() - dt.timedelta(days=400)
    )
    current = UserFactory(unit=org["team_b"], roles=[Role.MANAGER])
    Completion.objects.create(user=current, course=crisis_day, completed_on=timezone.localdate())
    UserFactory(unit=org["team_c"], roles=[Role.MANAGER])  # not Mona's
    (status,) = overview.required_training_status([org["groningen"]])
    assert (status.current, status.due, status.lapsed) == (1, 1, 1)  # Mona herself has never taken it: due
    assert status.roles == "Manager"
    assert status.detail_url == reverse("trainings:status_course", args=[crisis_day.pk])
    needs = overview.training_needs(mona, [org["groningen"]])
    texts = [text for text, _url, _due in needs]
    assert any("is due" in t for t in texts)
    assert any("1 person in your units is overdue" in t for t in texts)


def test_erasure_cancels_future_places_and_keeps_completions_of_required_courses(
    alice, charlie, session, seated, course, crisis_day
):
    Requirement.objects.create(course=crisis_day, role=Role.EMPLOYEE, renewal_months=None, created_at=timezone.now())
    services.enrolment_create(session=session, user=alice)
    seated(2)
    services.enrolment_create(session=session, user=charlie, wait_if_full=True)
    Completion.objects.create(user=alice, course=course, completed_on=dt.date(2026, 1, 5))
    Completion.objects.create(user=alice, course=crisis_day, completed_on=dt.date(2026, 2, 5))
    notes = personal_data.erase_for(alice)
    assert any("part of your job record" in note for note in notes)
    assert list(Completion.objects.filter(user=alice).values_list("course", flat=True)) == [crisis_day.pk]
    assert not Enrolment.objects.filter(user=alice).exists()
    assert Enrolment.objects.get(user=charlie).status == Enrolment.Status.OFFERED
