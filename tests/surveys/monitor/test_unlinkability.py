"""Privacy invariant 2: who answered and what was answered cannot be joined."""

import threading

import pytest
from django.db import connection, connections

from accounts.models import OrganisationUnit
from core.errors import DomainError
from surveys.monitor import services
from surveys.monitor.models import (
    Campaign,
    Comment,
    Draft,
    HeldComment,
    HeldResponse,
    Participation,
    Response,
    Submission,
)

from .conftest import answer_as, campaign_make, people

ANSWER_TABLES = (Response, Comment, HeldResponse, HeldComment)
PERSON_TABLES = (Participation, Submission, Draft)


def field_names(model):
    return {field.name for field in model._meta.get_fields() if field.concrete}


def test_the_answer_tables_carry_no_person_no_time_and_no_sequence():
    for model in ANSWER_TABLES:
        names = field_names(model)
        assert not names & {"user", "participation", "created_at", "updated_at", "submitted_at", "unit"}
        for field in model._meta.concrete_fields:
            assert field.get_internal_type() not in (
                "DateTimeField",
                "DateField",
                "TimeField",
                "AutoField",
                "BigAutoField",
            )
        assert model._meta.pk.get_internal_type() == "UUIDField"
    assert field_names(Response) == {"id", "campaign", "report_unit", "answers", "scores"}
    assert field_names(Comment) == {"id", "campaign", "report_unit", "text"}


def test_who_answered_is_kept_apart_from_who_was_invited_with_no_time_and_no_order():
    # Participation never changes after launch, so it cannot say who answered.
    assert field_names(Participation) == {"id", "campaign", "user", "unit", "report_unit"}
    assert field_names(Submission) == {"id", "campaign", "user"}
    for model in (*PERSON_TABLES,):
        assert not any(
            f.get_internal_type() in ("DateTimeField", "DateField", "TimeField") for f in model._meta.concrete_fields
        )
    # Keys that would give the order of answering are random instead.
    assert Submission._meta.pk.get_internal_type() == Draft._meta.pk.get_internal_type() == "UUIDField"


@pytest.mark.django_db
def test_drafts_and_held_answers_are_encrypted_at_rest(org, today):
    staff = people(org["team_a"], 2)
    campaign = campaign_make([org["team_a"]])
    participation = Participation.objects.get(campaign=campaign, user=staff[0])
    services.draft_save(participation=participation, answers={"qd1": 75}, comment="MARKER-draft")
    answer_as(staff[1], campaign, comment="MARKER-held")
    with connection.cursor() as cursor:
        for model in (Draft, HeldResponse, HeldComment):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            raw = repr(cursor.fetchall())
            assert "MARKER" not in raw and "qd1" not in raw, model


def _count_by(rows):
    found = {}
    for value in rows:
        found[value] = found.get(value, 0) + 1
    return found


def _subtree_people(campaign, unit_id):
    """Everyone a DBA can place at or below a unit (their report unit's path starts with its path)."""
    participations = Participation.objects.filter(campaign=campaign)
    if unit_id is None:
        return participations.count()
    path = OrganisationUnit.objects.get(pk=unit_id).path
    return participations.filter(report_unit__path__startswith=path).count()


def assert_no_join_narrows_below_the_minimum(campaign):
    """A DBA's joins: every answer row names a unit, and the people it can belong to are
    those who report at or below that unit (and, while the campaign is open, who have
    answered). Both the answers that share a unit and those people must be at least the
    minimum group (the health minimum for comments), whatever the join."""
    closed = Campaign.objects.get(pk=campaign.pk).is_closed
    for model, minimum in ((Response, campaign.min_group), (Comment, campaign.min_group_health)):
        if closed and model is Comment:
            # Comments are labelled with a unit of at least `min_group_health` respondents.
            respondents = _count_by(Response.objects.filter(campaign=campaign).values_list("report_unit", flat=True))
            for unit_id in set(model.objects.filter(campaign=campaign).values_list("report_unit", flat=True)):
                assert _subtree_people(campaign, unit_id) >= minimum
            continue
        groups = _count_by(model.objects.filter(campaign=campaign).values_list("report_unit", flat=True))
        for unit_id, answers in groups.items():
            assert answers >= minimum, (model.__name__, unit_id, answers)
            assert _subtree_people(campaign, unit_id) >= minimum
            if not closed:
                answered = Submission.objects.filter(
                    campaign=campaign,
                    user__in=Participation.objects.filter(campaign=campaign, report_unit_id=unit_id).values("user"),
                ).count()
                assert answered >= answers >= minimum
    if closed:
        respondents = _count_by(Response.objects.filter(campaign=campaign).values_list("report_unit", flat=True))
        assert all(count >= campaign.min_group for count in respondents.values()), respondents


def _xmins(model, **filters):
    """(transaction id, report unit) of every row of a table, as a DBA reads them."""
    ids = list(model.objects.filter(**filters).values_list("pk", flat=True))
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text::bigint, report_unit_id FROM {model._meta.db_table} WHERE id = ANY(%s::uuid[])",
            [[str(pk) for pk in ids]],
        )
        return cursor.fetchall()


def assert_no_xmin_range_narrows_below_the_minimum(campaign):
    """Each move is one transaction per report unit: the rows that share an xmin are one
    unit's batch of at least the minimum, and the people who submitted in that unit since
    its previous batch (by the xmin of their submission) are at least as many. After close,
    every response and comment was rewritten by the close: one xmin, no batches left."""
    if Campaign.objects.get(pk=campaign.pk).is_closed:
        for model in (Response, Comment):
            assert len({xmin for xmin, _unit in _xmins(model, campaign=campaign)}) <= 1, model
        return
    for model, minimum in ((Response, campaign.min_group), (Comment, campaign.min_group_health)):
        batches = {}
        for xmin, unit_id in _xmins(model, campaign=campaign):
            batches.setdefault(xmin, []).append(unit_id)
        previous = {}
        for xmin in sorted(batches):
            units = set(batches[xmin])
            assert len(units) == 1, (model.__name__, "a batch mixes report units", units)
            assert len(batches[xmin]) >= minimum, (model.__name__, len(batches[xmin]))
            unit_id = units.pop()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM {Submission._meta.db_table} s "
                    f"JOIN {Participation._meta.db_table} p ON p.user_id = s.user_id AND p.campaign_id = s.campaign_id "
                    "WHERE s.campaign_id = %s AND p.report_unit_id IS NOT DISTINCT FROM %s "
                    "AND s.xmin::text::bigint > %s AND s.xmin::text::bigint < %s",
                    [campaign.pk, unit_id, previous.get(unit_id, 0), xmin],
                )
                submitted_between = cursor.fetchone()[0]
            if Submission.objects.filter(campaign=campaign).exists():
                assert submitted_between >= len(batches[xmin]) >= minimum
            previous[unit_id] = xmin


def _unit_with(parent, name, n):
    from tests.factories import unit_create

    unit = unit_create(name=name, parent=parent)
    return unit, people(unit, n)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_teams_of_2_3_4_and_7_with_partial_response_cannot_be_narrowed_down(org):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False):
        district = org["groningen"]
        _two, two = _unit_with(district, "Two", 2)
        _three, three = _unit_with(district, "Three", 3)
        _four, four = _unit_with(district, "Four", 4)
        _seven, seven = _unit_with(district, "Seven", 7)
        own = people(district, 1)
        campaign = campaign_make([district])
        reporting = _count_by(Participation.objects.filter(campaign=campaign).values_list("report_unit", flat=True))
        assert min(reporting.values()) >= campaign.min_group, reporting
        # Partial response, interleaved across the units, each submit its own transaction.
        order = [seven[0], two[0], three[0], seven[1], four[0], seven[2], four[1], three[1], seven[3]]
        order += [four[2], own[0], seven[4]]
        for index, person in enumerate(order):
            answer_as(person, campaign, value=[0, 25, 50, 75, 100][index % 5], comment=f"c{index}")
            services.held_move()  # the beat job runs often: after every answer here
            assert_no_join_narrows_below_the_minimum(campaign)
            assert_no_xmin_range_narrows_below_the_minimum(campaign)
        assert Response.objects.filter(campaign=campaign).exists()
        services.campaign_close(campaign=campaign)

    campaign.refresh_from_db()
    assert_no_join_narrows_below_the_minimum(campaign)
    assert_no_xmin_range_narrows_below_the_minimum(campaign)
    # Who answered does not survive close, and nothing left on disk orders the answering.
    assert not Submission.objects.exists() and not Draft.objects.exists()
    assert not HeldResponse.objects.exists() and not HeldComment.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT xmin FROM {Participation._meta.db_table} WHERE campaign_id = %s", [campaign.pk]
        )
        assert len(cursor.fetchall()) == 1  # written at launch, never touched since


@pytest.mark.django_db
def test_joining_the_tables_on_every_shared_column_never_singles_anyone_out(org, today):
    staff = people(org["team_a"], 6) + people(org["team_b"], 5) + people(org["groningen"], 2)
    campaign = campaign_make([org["groningen"]])
    for index, person in enumerate(staff[:9]):
        answer_as(person, campaign, value=[0, 25, 50, 75, 100][index % 5], comment=f"c{index}")
    services.held_move()
    assert_no_join_narrows_below_the_minimum(campaign)
    services.campaign_close(campaign=campaign)
    for answers in (Response, Comment):
        for person in PERSON_TABLES:
            # `answers` of a draft is ciphertext, of a response JSON: a name in common, no value.
            shared = field_names(person) & field_names(answers) - {"answers"}
            assert shared <= {"id", "campaign", "report_unit"}, (person, answers, shared)
    # By id: random keys on both sides of different kinds: nothing matches.
    person_ids = {str(pk) for model in PERSON_TABLES for pk in model.objects.values_list("pk", flat=True)}
    assert not person_ids & {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    assert_no_join_narrows_below_the_minimum(campaign)
    # By order: reading the responses back gives no order tied to when people answered.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table} LIMIT 1")
        columns = {col[0] for col in cursor.description}
    assert columns == {"id", "campaign_id", "report_unit_id", "answers", "scores"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_submit_and_a_move_no_row_version_holds_a_draft_with_a_user(org):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"the pageinspect extension is not available here: {exc}")
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False):
        staff = people(org["team_a"], 6)
        campaign = campaign_make([org["team_a"]])
        for index, person in enumerate(staff[:5]):
            participation = Participation.objects.get(campaign=campaign, user=person)
            # Several saves, as a person pausing and resuming leaves several row versions.
            services.draft_save(participation=participation, answers={"qd1": 25})
            services.draft_save(participation=participation, answers={"qd2": 50}, comment=f"MARKER-{index}")
            services.response_submit(participation=participation)
        assert services.held_move() == 5

    def tuples(model):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [model._meta.db_table])
            pages = cursor.fetchone()[0]
            found = []
            for page in range(pages):
                cursor.execute(
                    "SELECT t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL",
                    [model._meta.db_table, page],
                )
                found += [bytes(row[0]) for row in cursor.fetchall()]
                cursor.execute("SELECT get_raw_page(%s, %s)", [model._meta.db_table, page])
                found.append(bytes(cursor.fetchone()[0]))
            return found

    # No version of a draft is left, live or dead, and no table that names a person holds
    # an answer or a comment in any row version or in a page's free space.
    assert not [t for t in tuples(Draft) if len(t) < 8192]
    for model in PERSON_TABLES:
        for data in tuples(model):
            assert b"MARKER" not in data and b"qd1" not in data, model


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_response_per_person_under_concurrent_submits(org):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False):
        person = people(org["team_a"], 1)[0]
        campaign = campaign_make([org["team_a"]])
        participation = Participation.objects.get(campaign=campaign, user=person)
        services.draft_save(participation=participation, answers={"qd1": 50})
        barrier = threading.Barrier(8)
        outcomes = []

        def submit():
            try:
                barrier.wait()
                services.response_submit(participation=Participation.objects.get(pk=participation.pk))
                outcomes.append("ok")
            except DomainError:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=submit) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 7
    assert HeldResponse.objects.filter(campaign=campaign).count() == 1
