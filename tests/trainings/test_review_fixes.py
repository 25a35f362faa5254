"""What a review found: the officer's reach, the voluntary counts, queries per course, moved
offers, and the export and erasure lines."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.personal_data import Kept, personal_data_erase
from notifications.models import OutboxMessage
from tests.caches import caches_warm
from tests.factories import UserFactory, unit_create, with_totp
from trainings import overview, personal_data, services
from trainings.models import Completion, Course, Enrolment, Requirement
from trainings.selectors import voluntary_counts, voluntary_year
from trainings.services.enrolment import OFFER_CLOSES_BEFORE


@pytest.fixture
def danish_tree(db):
    root = unit_create(name="Prison and Probation", kind="national")
    return {"root": root, "prison": unit_create(name="Vestre", parent=root)}


def _last_year_day() -> dt.date:
    return dt.date(voluntary_year(), 6, 1)


def _complete(course, unit, n, *, on=None, name="Secretname"):
    people = [UserFactory(unit=unit, last_name=name) for _ in range(n)]
    for person in people:
        Completion.objects.create(user=person, course=course, unit=unit, completed_on=on or _last_year_day())
    return people


def _others(unit, n):
    return [UserFactory(unit=unit) for _ in range(n)]


def _shown(course, scope):
    return {row["unit"].name: row["count"] for row in voluntary_counts(course, scope)}


# 1. The officer's reach -------------------------------------------------------------------------


def test_the_officer_sees_the_people_of_their_own_organisation_only(client, org, wim, crisis_day, danish_tree):
    Requirement.objects.create(course=crisis_day, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())
    UserFactory(first_name="Otto", last_name="Outside", unit=org["team_c"], roles=[Role.MANAGER])
    UserFactory(first_name="Mads", last_name="Danish", unit=danish_tree["prison"], roles=[Role.MANAGER])
    client.force_login(wim)
    content = client.get(reverse("trainings:status_course", args=[crisis_day.pk])).content.decode()
    assert "Otto Outside" in content and "Team C" in content
    assert "Mads Danish" not in content and "Vestre" not in content and "Prison and Probation" not in content
    danish_officer = with_totp(UserFactory(unit=danish_tree["prison"], roles=[Role.WELLBEING_OFFICER]))
    client.force_login(danish_officer)
    content = client.get(reverse("trainings:status_course", args=[crisis_day.pk])).content.decode()
    assert "Mads Danish" in content and "Otto Outside" not in content and "Team C" not in content


def test_an_officer_without_a_unit_or_organisation_sees_no_status(client, org, crisis_day):
    officer = with_totp(UserFactory(unit=None, roles=[Role.WELLBEING_OFFICER]))
    client.force_login(officer)
    assert client.get(reverse("trainings:status")).status_code == 404


# 2. Voluntary counts ----------------------------------------------------------------------------


def test_a_voluntary_programme_counts_by_the_unit_at_completion_in_the_last_completed_year(org, course):
    movers = _complete(course, org["team_a"], 12)
    _others(org["team_a"], 20)
    for person in movers[:6]:
        person.unit = org["team_c"]
        person.save(update_fields=["unit"])
    _complete(course, org["team_c"], 3, on=timezone.localdate())  # the running year: not counted
    shown = _shown(course, [org["national"]])
    assert shown["Team A"] == 12
    assert shown["Team C"] in (0, None)


def test_a_voluntary_programme_uses_the_health_minimum(org, course):
    _complete(course, org["team_a"], 7)  # 7 would pass the work-environment minimum of 5
    _others(org["team_a"], 20)
    shown = _shown(course, [org["national"]])
    assert shown["Team A"] is None and shown["National"] is None


def test_a_voluntary_programme_hides_a_unit_where_nearly_everyone_took_part(client, org, wim, course):
    _complete(course, org["team_a"], 12)
    _others(org["team_a"], 2)
    assert _shown(course, [org["national"]])["Team A"] is None
    client.force_login(wim)
    content = client.get(reverse("trainings:status_course", args=[course.pk])).content.decode()
    assert "nearly everyone in this unit" in content
    assert "Secretname" not in content and str(voluntary_year()) in content


def test_erasing_a_voluntary_completion_detaches_the_person_and_keeps_the_figure(org, course):
    people = _complete(course, org["team_a"], 12)
    _others(org["team_a"], 20)
    before = _shown(course, [org["national"]])
    lines = personal_data.erase_for(people[0])
    assert _shown(course, [org["national"]]) == before and before["Team A"] == 12
    assert not Completion.objects.filter(user=people[0]).exists()
    assert Completion.objects.filter(user=None, unit=org["team_a"]).count() == 1
    assert any("removed from your record" in line and not isinstance(line, Kept) for line in lines)


def test_attendance_stores_the_unit_of_the_person_at_completion(alice, session, org):
    services.enrolment_create(session=session, user=alice)
    later = session.starts_at + dt.timedelta(minutes=5)
    services.attendance_mark(session=session, attended_ids=[alice.pk], now=later)
    alice.unit = org["team_c"]
    alice.save(update_fields=["unit"])
    assert Completion.objects.get(user=alice).unit == org["team_a"]


# 3. Queries per required course -----------------------------------------------------------------


def _required_courses(first, n):
    for index in range(first, first + n):
        course = Course.objects.create(slug=f"required-{index}", title_en=f"Required {index}")
        Requirement.objects.create(course=course, role=Role.MANAGER, renewal_months=12, created_at=timezone.now())


def test_the_status_pages_need_the_same_queries_for_one_or_five_required_courses(
    client, org, wim, mona, django_assert_num_queries
):
    UserFactory(unit=org["team_a"], roles=[Role.MANAGER])
    _required_courses(0, 1)
    client.force_login(wim)
    caches_warm()
    with CaptureQueriesContext(connection) as one_page:
        client.get(reverse("trainings:status"))
    with CaptureQueriesContext(connection) as one_overview:
        overview.required_training_status([org["groningen"]])
        overview.training_needs(mona, [org["groningen"]])
    _required_courses(1, 4)
    with django_assert_num_queries(len(one_page.captured_queries)):
        assert client.get(reverse("trainings:status")).status_code == 200
    with django_assert_num_queries(len(one_overview.captured_queries)):
        assert len(overview.required_training_status([org["groningen"]])) == 5
        overview.training_needs(mona, [org["groningen"]])


# 4. A moved session and the people with an offer ------------------------------------------------


def test_moving_a_session_tells_the_people_with_an_offer_and_closes_their_offer_in_time(
    alice, make_session, seated, tess
):
    now = timezone.now()
    session = make_session(capacity=1, days=5)
    (first,) = seated(1, session)
    services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_cancel(enrolment=Enrolment.objects.get(user=first), now=now)
    offer = Enrolment.objects.get(user=alice)
    assert offer.status == Enrolment.Status.OFFERED
    new_start = (now + dt.timedelta(hours=10)).replace(second=0, microsecond=0)
    services.session_update(
        session=session,
        starts_at=new_start,
        time_zone="Europe/Amsterdam",
        capacity=1,
        place="Zwolle",
        trainer=tess,
        now=now,
    )
    offer.refresh_from_db()
    assert offer.offer_expires_at == new_start - OFFER_CLOSES_BEFORE
    notices = OutboxMessage.objects.filter(recipient=alice, template="trainings_offer")
    pending = notices.filter(status=OutboxMessage.Status.PENDING)
    assert notices.count() == 2 and pending.count() == 1
    assert pending.get().context["starts_at"] == new_start.isoformat()


# 5. Export and erasure lines --------------------------------------------------------------------


def test_the_export_uses_readable_labels_and_values(alice, session, course):
    services.enrolment_create(session=session, user=alice)
    Completion.objects.create(user=alice, course=course, unit=alice.unit, completed_on=dt.date(2026, 1, 5))
    data = personal_data.export_for(alice)
    assert data["Places on training sessions"][0]["State"] == "Enrolled"
    assert data["Trainings you completed"] == [{"Course": "Mental resilience training", "Completed on": "2026-01-05"}]
    assert str(personal_data.TITLE) == "Trainings"


def test_erasure_reports_what_was_removed_and_what_is_kept_as_kept(alice, session, course, crisis_day):
    Requirement.objects.create(course=crisis_day, role=Role.EMPLOYEE, renewal_months=None, created_at=timezone.now())
    services.enrolment_create(session=session, user=alice)
    Completion.objects.create(user=alice, course=crisis_day, completed_on=dt.date(2026, 2, 5))
    removed, kept = personal_data_erase(user=alice)
    assert any("part of your job record" in line for line in kept)
    assert any("1 record of a place on a training session was removed" in line for line in removed)
    assert not any("job record" in line for line in removed)
