"""The pages as each role uses them: enrol and cancel, someone else's place, the officer's
pages, and the status per unit (names for required courses, counts for voluntary ones)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import UserFactory
from trainings import services
from trainings.models import Completion, Course, Enrolment, Requirement, Session


def test_an_employee_enrols_and_cancels_through_the_pages(client, alice, session):
    client.force_login(alice)
    page = client.get(reverse("trainings:course", args=[session.course.slug]))
    assert b"3 places left" in page.content
    response = client.post(reverse("trainings:enrol", args=[session.pk]), follow=True)
    assert b"You are enrolled" in response.content
    enrolment = Enrolment.objects.get(user=alice)
    assert client.get(reverse("trainings:invitation", args=[enrolment.pk]))["Content-Type"].startswith("text/calendar")
    response = client.post(reverse("trainings:cancel", args=[enrolment.pk]), follow=True)
    assert b"Your place is cancelled" in response.content
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.CANCELLED


def test_a_full_session_offers_the_wait_list_and_a_clear_message_when_someone_was_faster(
    client, alice, session, seated
):
    seated(3)
    client.force_login(alice)
    page = client.get(reverse("trainings:course", args=[session.course.slug]))
    assert b"Join the wait list" in page.content
    response = client.post(reverse("trainings:enrol", args=[session.pk]), follow=True)
    assert b"just filled up" in response.content
    assert not Enrolment.objects.filter(user=alice).exists()
    response = client.post(reverse("trainings:enrol", args=[session.pk]), {"wait": "1"}, follow=True)
    assert b"You are on the wait list" in response.content


def test_someone_elses_place_is_not_found(client, alice, charlie, session):
    enrolment = services.enrolment_create(session=session, user=alice)
    client.force_login(charlie)
    for name in ("trainings:cancel", "trainings:invitation"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404
    assert client.post(reverse("trainings:cancel", args=[enrolment.pk])).status_code == 404
    assert client.post(reverse("trainings:accept", args=[enrolment.pk])).status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED


def test_my_trainings_shows_places_completions_and_what_is_required_with_due_dates(client, mona, session, crisis_day):
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())
    Completion.objects.create(user=mona, course=session.course, completed_on=dt.date(2026, 3, 2))
    services.enrolment_create(session=session, user=mona)
    client.force_login(mona)
    content = client.get(reverse("trainings:mine")).content.decode()
    assert "Mental resilience training" in content
    assert "2 March 2026" in content
    assert "Crisis management follow-up day" in content and "Due soon" in content
    assert "time in Europe/Amsterdam" in content


def test_the_officer_plans_a_session_in_its_own_time_zone(client, wim, course, tess):
    client.force_login(wim)
    response = client.post(
        reverse("trainings:session_new", args=[course.pk]),
        {
            "starts_at": "2027-03-04T10:00",
            "time_zone": "Europe/Copenhagen",
            "place": "Aarhus",
            "capacity": "8",
            "trainer": str(tess.pk),
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2027, 3, 4, 9, 0, tzinfo=dt.UTC)
    assert session.trainer == tess and session.time_zone == "Europe/Copenhagen"


def test_a_session_without_place_or_link_is_refused_on_the_form(client, wim, course):
    client.force_login(wim)
    response = client.post(
        reverse("trainings:session_new", args=[course.pk]),
        {"starts_at": "2027-03-04T10:00", "time_zone": "Europe/Amsterdam", "capacity": "8"},
    )
    assert response.status_code == 200 and b"place or a video link" in response.content
    assert not Session.objects.exists()


def test_the_officer_makes_a_course_required_for_a_role(client, wim, crisis_day):
    client.force_login(wim)
    client.post(reverse("trainings:requirement_add", args=[crisis_day.pk]), {"role": "manager", "renewal_months": "12"})
    client.post(
        reverse("trainings:requirement_add", args=[crisis_day.pk]), {"role": "coordinator", "renewal_months": ""}
    )
    assert dict(Requirement.objects.values_list("role", "renewal_months")) == {"manager": 12, "coordinator": None}
    response = client.post(reverse("trainings:requirement_add", args=[crisis_day.pk]), {"role": "nobody"}, follow=True)
    assert Requirement.objects.count() == 2 and response.status_code == 200


def test_the_officer_creates_a_course_in_three_languages(client, wim):
    client.force_login(wim)
    client.post(
        reverse("trainings:course_new"),
        {
            "slug": "fit",
            "title_en": "Fit",
            "title_nl": "Fit NL",
            "title_da": "Fit DA",
            "duration_minutes": "90",
            "delivery": "online",
            "cancel_hours": "24",
            "active": "on",
        },
    )
    course = Course.objects.get(slug="fit")
    assert course.cancel_hours == 24 and course.title_da == "Fit DA"


def test_employees_managers_and_trainers_cannot_open_the_officers_pages(client, alice, mona, tess, course):
    for person in (alice, mona, tess):
        client.force_login(person)
        assert client.get(reverse("trainings:manage")).status_code == 403
        assert client.get(reverse("trainings:course_edit", args=[course.pk])).status_code == 403


@pytest.fixture
def manager_rule(crisis_day):
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())
    return crisis_day


def test_a_manager_sees_names_on_a_required_course_for_their_own_units_only(client, org, mona, manager_rule):
    UserFactory(first_name="Ines", last_name="Inside", unit=org["team_a"], roles=[Role.MANAGER])
    UserFactory(first_name="Otto", last_name="Outside", unit=org["team_c"], roles=[Role.MANAGER])
    client.force_login(mona)
    content = client.get(reverse("trainings:status_course", args=[manager_rule.pk])).content.decode()
    assert "Ines Inside" in content and "Otto Outside" not in content
    assert "Team C" not in content


def test_the_officer_sees_every_unit(client, org, wim, manager_rule):
    UserFactory(first_name="Otto", last_name="Outside", unit=org["team_c"], roles=[Role.MANAGER])
    client.force_login(wim)
    content = client.get(reverse("trainings:status_course", args=[manager_rule.pk])).content.decode()
    assert "Otto Outside" in content and "Team C" in content


def test_employees_and_trainers_have_no_status_pages(client, alice, tess, manager_rule):
    for person in (alice, tess):
        client.force_login(person)
        assert client.get(reverse("trainings:status")).status_code == 404
        assert client.get(reverse("trainings:status_course", args=[manager_rule.pk])).status_code == 404


def test_a_voluntary_programme_shows_counts_only_and_never_a_group_below_the_minimum(client, org, wim, course):
    from trainings.selectors import voluntary_counts, voluntary_year

    last_year = dt.date(voluntary_year(), 6, 1)
    # Team A: 6 took part, Team B: 2. Groningen (8) may show, Team A (6) may show, but then
    # Groningen minus Team A would reveal Team B's 2: the rule hides one of them.
    for unit, n in (("team_a", 6), ("team_b", 2)):
        for _ in range(n):
            person = UserFactory(unit=org[unit], last_name="Secretname")
            Completion.objects.create(user=person, course=course, unit=org[unit], completed_on=last_year)
    client.force_login(wim)
    content = client.get(reverse("trainings:status_course", args=[course.pk])).content.decode()
    assert "Secretname" not in content
    shown = {}
    for row in voluntary_counts(course, [org["national"]]):
        shown[row["unit"].name] = row["count"]
    assert shown["Team B"] is None
    assert not (shown["Groningen"] is not None and shown["Team A"] is not None)
    assert all(value is None or value == 0 or value >= 5 for value in shown.values())


def test_the_status_page_needs_the_same_queries_for_few_or_many_people(
    client, org, wim, manager_rule, django_assert_max_num_queries
):
    UserFactory(unit=org["team_a"], roles=[Role.MANAGER])
    client.force_login(wim)
    url = reverse("trainings:status_course", args=[manager_rule.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for index in range(12):
        person = UserFactory(unit=org["team_b" if index % 2 else "team_c"], roles=[Role.MANAGER])
        Completion.objects.create(user=person, course=manager_rule, completed_on=timezone.localdate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_course_list_needs_the_same_queries_for_one_or_many_courses(
    client, alice, make_session, crisis_day, django_assert_max_num_queries
):
    make_session()
    client.force_login(alice)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("trainings:courses"))
    for index in range(6):
        extra = Course.objects.create(slug=f"c{index}", title_en=f"Course {index}")
        make_session(of=extra)
        make_session(of=extra, days=9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("trainings:courses")).status_code == 200


def test_the_session_list_of_a_course_needs_the_same_queries_for_one_or_many(
    client, alice, make_session, course, django_assert_max_num_queries
):
    make_session()
    client.force_login(alice)
    url = reverse("trainings:course", args=[course.slug])
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for days in range(8, 16):
        make_session(days=days)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
