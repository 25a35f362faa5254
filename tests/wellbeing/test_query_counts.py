"""Every list and detail page costs the same number of queries with 1 row as with 50.

For each page: the world of tests/wellbeing/portal_world.py (one of each object), the page
fetched once to warm what is cached per process, then counted; 49 more rows of what the page
lists are made (with the services where they are quick, else with the models), and the page is
counted again. The two counts must be equal: a page whose count grows with its rows has an N+1
(django-zeal, which runs in every test's requests, names the line; this test catches what zeal
cannot see, such as a query per row that is not a related field). The page must have grown too,
so that the 49 rows were really on it. docs/performance.md, "Query counts and N+1".
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import PortalClient
from tests.factories import UserFactory

from .portal_world import world_build

MORE = 49  # with the world's one row: 50


@dataclass
class Page:
    name: str
    role: str
    grow: Callable  # (world, n) -> None: n more rows of what the page lists
    kwargs: Callable = lambda w: {}  # noqa: E731
    # Rows made before the first count, where a page shows more from a threshold on (a privacy
    # minimum): the page is then compared at that threshold and at 50.
    start: int = 0

    def __str__(self):
        return f"{self.name}-{self.role}"


def _people(world, n, *, unit="team_a", roles=(Role.EMPLOYEE,)):
    return [UserFactory(unit=world.org[unit], roles=list(roles)) for _ in range(n)]


# --- Check-ups --------------------------------------------------------------------------------


def _slots(world, n, *, days=1):
    from checkups.models import Mode, Slot

    profile = world.booking.slot.psychologist
    # Within the week the booking page shows, in the evening: after the world's window (9 to 12)
    # and its own times (at 14). An hour each, long enough for every kind of talk.
    start = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(15), tzinfo=profile.tzinfo)
    made = []
    for i in range(n):
        at = start + dt.timedelta(days=i // 8, hours=i % 8)
        slot = Slot.objects.create(
            psychologist=profile, starts_at=at, ends_at=at + dt.timedelta(hours=1), mode=Mode.VIDEO
        )
        slot.appointment_types.set(world.types.values())
        made.append(slot)
    return made


def _bookings(world, n, *, employee=None):
    from checkups.services import booking_create

    check_up = world.types["check-up"]
    people = [employee] * n if employee else _people(world, n)
    for slot, person in zip(_slots(world, n), people, strict=True):
        booking_create(slot=slot, employee=person, appointment_type=check_up)


def _my_bookings(world, n):
    from checkups.models import Booking

    # A person may hold one booking per type at a time: the history is what grows.
    _bookings(world, n)
    Booking.objects.exclude(employee=world.alice).filter(slot__psychologist=world.booking.slot.psychologist).exclude(
        pk=world.booking.pk
    ).update(employee=world.alice)


def _session_notes(world, n):
    from checkups.services import session_note_add

    for i in range(n):
        session_note_add(booking=world.booking, author=world.booking.slot.psychologist.user, text=f"Note {i}")


# --- Peer support -----------------------------------------------------------------------------


def _requests(world, n):
    from peer_support.services.requests import support_request_create

    for person in _people(world, n):
        support_request_create(requester=person, message="Could we talk?")


def _earlier_requests(world, n):
    """Alice's earlier (closed) requests, each taken by a supporter: her page lists them."""
    from peer_support.models import SupportRequest
    from peer_support.services.requests import support_request_claim, support_request_create

    for person in _people(world, n):
        made = support_request_create(requester=person, message="Earlier.")
        support_request_claim(support_request=made, supporter=world.bob)
        SupportRequest.objects.filter(pk=made.pk).update(requester=world.alice, status=SupportRequest.Status.CLOSED)


def _case_notes(world, n):
    from peer_support.services.requests import case_note_add

    for i in range(n):
        case_note_add(support_request=world.request, author=world.bob, text=f"Called {i}")


def _incidents(world, n, *, same=None):
    from peer_support.models import IncidentType
    from peer_support.services.incidents import incident_register

    for person in [same] * n if same else _people(world, n):
        incident_register(
            registered_by=world.mona,
            incident_type=IncidentType.VIOLENCE,
            occurred_at=timezone.now() - dt.timedelta(hours=2),
            unit=world.alice.unit,
            people=[person],
            description="At the counter.",
        )


def _incident_people(world, n):
    """More colleagues involved in the one incident: a plan each (as the service makes them)."""
    from peer_support.models import FollowUpPlan, FollowUpStep
    from peer_support.regions import region_of
    from peer_support.services.incidents import _steps_of

    incident = world.incident
    steps = list(incident.protocol.steps.all())
    region = region_of(world.org["team_a"])
    for person in _people(world, n):
        plan = FollowUpPlan.objects.create(
            incident=incident, person=person, region=region, protocol_name=incident.protocol.name
        )
        FollowUpStep.objects.bulk_create(
            _steps_of(plan, occurred_at=incident.occurred_at, protocol_steps=steps, tz=person.tzinfo)
        )


def _log_entries(world, n):
    from peer_support.models import IncidentType
    from peer_support.services.log import log_entry_save

    for i in range(n):
        log_entry_save(
            owner=world.alice,
            occurred_on=timezone.localdate() - dt.timedelta(days=i),
            incident_type=IncidentType.VIOLENCE,
            what_happened=f"Shift {i}",
            how_it_affected_me="Tired.",
        )


# --- Self-tests and the monitor ---------------------------------------------------------------


def _campaigns(world, n):
    from surveys.monitor.models import Campaign

    today = timezone.localdate()
    for i in range(n):
        made = Campaign.objects.create(
            name=f"Campaign {i}",
            parts=["copsoq3"],
            created_by=world.wim,
            opens_on=today,
            closes_on=today + dt.timedelta(days=14),
        )
        made.units.set([world.org["groningen"], world.org["team_a"]])


def _campaign_units(world, n):
    """n more teams in the draft campaign: its page lists the units it asks."""
    from tests.factories import unit_create

    teams = [unit_create(name=f"Team {i}", parent=world.org["groningen"]) for i in range(n)]
    world.draft_campaign.units.add(*teams)


def _measures(world, n):
    from surveys.monitor.models import Measure

    for i in range(n):
        Measure.objects.create(
            unit=world.org["team_a"],
            campaign=world.closed_campaign,
            scale="work_pace",
            action=f"Measure {i}",
            owner="Team lead",
            due_on=timezone.localdate() + dt.timedelta(days=30),
            created_by=world.mona,
        )


# --- Health square, experts -------------------------------------------------------------------


def _articles(world, n, *, publish=True):
    from health.services import article_create, article_publish

    for i in range(n):
        article = article_create(
            editor=world.wim,
            fields={"theme": world.health_theme, "title_en": f"Article {i}", "body_en": "Text."},
        )
        if publish:
            article_publish(article=article, editor=world.wim)


def _modules(world, n):
    from health.models import LearningModule, Lesson

    for i in range(n):
        module = LearningModule.objects.create(
            slug=f"module-{i}", theme=world.health_theme, title_en=f"Module {i}", published=True
        )
        Lesson.objects.create(module=module, number=1, title_en="One", body_en="Text")


def _lessons(world, n):
    from health.models import Lesson

    for i in range(n):
        Lesson.objects.create(module=world.health_module, number=i + 2, title_en=f"Lesson {i}", body_en="Text")


def _questions(world, n, *, answered=False, mine=False):
    """n questions: Alice's own (answered, since she may have only 5 waiting), or others'."""
    from experts.models import Topic
    from experts.services import question_answer, question_ask

    petra = world.answered_question.answered_by
    askers = [world.alice] * n if mine else _people(world, n)
    answered = answered or mine
    for i, asker in enumerate(askers):
        question = question_ask(
            asker=asker,
            topic=Topic.SLEEP,
            text=f"Question {i}?",
            show_name=True,
            consent_to_publish=answered,
        )
        if answered:
            question_answer(question=question, psychologist=petra, answer=f"Answer {i}.")


# --- Trainings --------------------------------------------------------------------------------


def _sessions(world, n):
    from trainings.services import session_create

    start = timezone.now() + dt.timedelta(days=12)
    for i in range(n):
        session_create(
            course=world.training_course,
            starts_at=start + dt.timedelta(days=i),
            time_zone="Europe/Amsterdam",
            capacity=5,
            place="Room 2",
            trainer=world.training_session.trainer,
        )


def _courses(world, n):
    from trainings.models import Course
    from trainings.services import session_create

    for i in range(n):
        course = Course.objects.create(slug=f"course-{i}", title_en=f"Course {i}", contact="t@example.org")
        session_create(
            course=course,
            starts_at=timezone.now() + dt.timedelta(days=10 + i),
            time_zone="Europe/Amsterdam",
            capacity=5,
            place="Room 2",
            trainer=world.training_session.trainer,
        )


def _enrolments(world, n):
    from trainings.models import Enrolment

    session = world.training_session
    session.capacity = 100
    session.save()
    for person in _people(world, n):
        Enrolment.objects.create(
            session=session, user=person, status=Enrolment.Status.ENROLLED, created_at=timezone.now()
        )


def _my_places(world, n):
    """Alice's places: one on each of n more sessions."""
    from trainings.models import Enrolment, Session

    _sessions(world, n)
    for session in Session.objects.filter(course=world.training_course).exclude(enrolments__user=world.alice):
        Enrolment.objects.create(
            session=session, user=world.alice, status=Enrolment.Status.ENROLLED, created_at=timezone.now()
        )


# --- Audit, accounts, handover, admin ---------------------------------------------------------


def _views_of_alice(world, n):
    """n colleagues opened something of Alice's: her access log lists each."""
    from core.audit import audit_record

    for person in _people(world, n, roles=(Role.PEER_SUPPORTER,)):
        audit_record(actor=person, action="support_request.view", obj=world.request, subject=world.alice)


def _revisions(world, n):
    from health.services import article_update

    for i in range(n):
        article_update(article=world.health_draft, editor=world.wim, fields={"title_en": f"Revision {i}"})


def _closed_accounts(world, n):
    from accounts.models import AccountClosure
    from accounts.services import account_close

    for person in _people(world, n):
        account_close(user=person, by=world.people["admin"], reason=AccountClosure.Reason.ADMIN)


# --- Data protection --------------------------------------------------------------------------


def _erasure_requests(world, n):
    from dataprotection.services import erasure_request_create

    for person in _people(world, n, unit="team_c"):
        erasure_request_create(person=person, reason="Leaving")


PAGES = [
    # Check-ups
    Page("checkups:slots", "employee", _slots, lambda w: {"slug": "check-up"}),
    Page("checkups:my_appointments", "employee", _my_bookings),
    Page("checkups:agenda", "psychologist", _bookings),
    Page("checkups:agenda_booking", "psychologist", _session_notes, lambda w: {"pk": w.booking.pk}),
    # Peer support
    Page("peer_support:queue", "peer supporter", _requests),
    Page("peer_support:coordination", "coordinator", _requests),
    Page("peer_support:request_create", "employee", _earlier_requests),
    Page("peer_support:request_detail", "peer supporter", _case_notes, lambda w: {"pk": w.request.pk}),
    Page("peer_support:incident_list", "coordinator", _incidents),
    # The step counts are shown from 10 people on (incident_min_group): 10 against 50.
    Page("peer_support:incident_detail", "coordinator", _incident_people, lambda w: {"pk": w.incident.pk}, start=8),
    Page("peer_support:plan_list", "employee", lambda w, n: _incidents(w, n, same=w.alice)),
    Page("peer_support:log_list", "employee", _log_entries),
    # Overview: the officer's figures, with the incidents and the measures it lists
    Page("overview:overview", "wellbeing officer", lambda w, n: (_incidents(w, n), _measures(w, n))),
    # Monitor
    Page("monitor:campaigns", "wellbeing officer", _campaigns),
    Page("monitor:campaign", "wellbeing officer", _campaign_units, lambda w: {"campaign_id": w.draft_campaign.pk}),
    Page("monitor:measures", "manager", _measures),
    # Health square and experts
    Page("health:square", "employee", _modules),
    Page("health:theme", "employee", _articles, lambda w: {"slug": w.health_theme.slug}),
    Page("health:editor", "wellbeing officer", lambda w, n: _articles(w, n, publish=False)),
    Page("health:module", "employee", _lessons, lambda w: {"slug": w.health_module.slug}),
    Page("experts:mine", "employee", lambda w, n: _questions(w, n, mine=True)),
    Page("experts:queue", "psychologist", _questions),
    Page("experts:publishable", "psychologist", lambda w, n: _questions(w, n, answered=True)),
    # Trainings
    Page("trainings:courses", "employee", _courses),
    Page("trainings:course", "employee", _sessions, lambda w: {"slug": w.training_course.slug}),
    Page("trainings:participants", "trainer", _enrolments, lambda w: {"pk": w.training_session.pk}),
    Page("trainings:manage", "wellbeing officer", _courses),
    Page("trainings:mine", "employee", _my_places),
    Page("trainings:teaching", "trainer", _sessions),
    # Data protection, the person's own access log, the editors' history
    Page("dataprotection:requests", "data protection", _erasure_requests),
    Page("dataprotection:audit_log", "data protection", _views_of_alice),
    Page("accounts:access_log", "employee", _views_of_alice),
    Page("health:editor_history", "wellbeing officer", _revisions, lambda w: {"pk": w.health_draft.pk}),
    # The administrators' lists of the main models
    Page("admin:accounts_user_changelist", "admin", _people),
    Page("admin:accounts_accountclosure_changelist", "admin", _closed_accounts),
    Page("admin:core_auditentry_changelist", "admin", _views_of_alice),
    # The person's own data: their appointments, each with the psychologist's name
    Page("dataprotection:mine", "employee", _my_bookings),
]


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )


def fetch(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response, [q["sql"] for q in queries.captured_queries]


def shape(sql: str) -> str:
    """A query without its values, to name the ones that came with the rows."""
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    return re.sub(r"\?(::\w+)?(, ?\?(::\w+)?)+", "?...", sql)[:400]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_costs_the_same_queries_with_50_rows_as_with_1(world, page):
    person = world.people[page.role]
    if page.role == "trainer":
        person = world.training_session.trainer
    client = PortalClient()
    client.force_login(person)
    path = reverse(page.name, kwargs=page.kwargs(world))
    page.grow(world, page.start)
    fetch(client, path)  # what is cached per process (content types, the site) is warm from here on
    one, before = fetch(client, path)
    page.grow(world, MORE - page.start)
    fifty, after = fetch(client, path)
    extra = list((Counter(map(shape, after)) - Counter(map(shape, before))).elements())
    assert len(after) == len(before), f"{path}: {len(before)} queries with 1 row, {len(after)} with 50:\n" + "\n".join(
        extra[:5]
    )
    assert len(fifty.content) > len(one.content), f"{path} shows no more with 50 rows than with 1"
