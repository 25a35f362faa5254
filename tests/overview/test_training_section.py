"""The overview's training section and the training needs, from `trainings.overview` (the
contract with the trainings app), through the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

trainings = pytest.importorskip("trainings.models")


@pytest.fixture
def crisis_day(db):
    course = trainings.Course.objects.create(
        slug="crisis-day", title_en="Crisis management follow-up day", duration_minutes=420
    )
    trainings.Requirement.objects.create(course=course, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())
    return course


def test_the_training_section_counts_the_required_course_in_the_managers_units_and_needs_list_it(
    client, org, mona, crisis_day
):
    lapsed = UserFactory(unit=org["team_a"], roles=[Role.MANAGER])
    trainings.Completion.objects.create(
        user=lapsed, course=crisis_day, completed_on=timezone.localdate() - dt.timedelta(days=400)
    )
    UserFactory(unit=org["team_c"], roles=[Role.MANAGER])  # not in Mona's units
    client.force_login(mona)
    page = client.get(reverse("overview:overview"))
    (status,) = page.context["training"]
    assert (status.course_title, status.current, status.due, status.lapsed) == (
        "Crisis management follow-up day",
        0,
        1,  # Mona herself has never taken it
        1,
    )
    html = page.content.decode()
    assert 'id="training-h"' in html and status.detail_url in html
    needs = [(n["text"], n["url"]) for n in page.context["needs"]]
    assert ("1 person in your units is overdue on Crisis management follow-up day.", status.detail_url) in needs
    assert any(text.startswith("Crisis management follow-up day is due") for text, _url in needs)


def test_a_team_without_people_under_the_rule_shows_zeros_not_names(client, org, mona, crisis_day):
    client.force_login(mona)
    page = client.get(reverse("overview:overview"), {"unit": org["team_b"].pk})
    (status,) = page.context["training"]
    assert (status.current, status.due, status.lapsed) == (0, 0, 0)
