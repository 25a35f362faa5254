"""Privacy invariant 2: who answered and what was answered cannot be joined."""

import threading

import pytest
from django.db import connection, connections

from surveys.monitor import services
from surveys.monitor.models import Comment, HeldResponse, Participation, Response

from .conftest import answer_as, campaign_make, people


def field_names(model):
    return {field.name for field in model._meta.get_fields() if field.concrete}


def test_the_answer_tables_carry_no_person_no_time_and_no_sequence():
    for model in (Response, Comment, HeldResponse):
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
    # Participation says who answered, never when.
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in Participation._meta.concrete_fields)


@pytest.mark.django_db
def test_joining_the_tables_on_every_shared_column_never_singles_anyone_out(org, today):
    staff = people(org["team_a"], 6) + people(org["team_b"], 5)
    campaign = campaign_make([org["groningen"]])
    for index, person in enumerate(staff):
        answer_as(person, campaign, value=[0, 25, 50, 75, 100][index % 5], comment=f"c{index}")
    services.campaign_close(campaign=campaign)
    shared = field_names(Participation) & field_names(Response)
    assert shared == {"id", "campaign", "report_unit"}
    # By id: random keys on one side, integers on the other: nothing matches.
    participation_ids = {str(pk) for pk in Participation.objects.values_list("pk", flat=True)}
    assert not participation_ids & {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    # By campaign and report unit: every match is a group of at least the minimum.
    for report_unit in Participation.objects.filter(responded=True).values_list("report_unit", flat=True).distinct():
        matches = Response.objects.filter(campaign=campaign, report_unit=report_unit).count()
        assert matches >= campaign.min_group
    # By order: reading the responses back gives no order tied to when people answered.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table} LIMIT 1")
        columns = {col[0] for col in cursor.description}
    assert columns == {"id", "campaign_id", "report_unit_id", "answers", "scores"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_moved_batch_shares_one_transaction_id_and_the_holding_rows_are_gone(org):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False):
        staff = people(org["team_a"], 7)
        campaign = campaign_make([org["team_a"]])
        for person in staff[:6]:
            answer_as(person, campaign)  # six separate transactions
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {HeldResponse._meta.db_table}")
            assert len(cursor.fetchall()) == 6  # while held, each shares xmin with its participation
        assert services.held_move() == 6
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {Response._meta.db_table}")
            assert len(cursor.fetchall()) == 1
            cursor.execute(f"SELECT xmin::text FROM {Participation._meta.db_table} WHERE responded")
            participation_xmins = {row[0] for row in cursor.fetchall()}
            cursor.execute(f"SELECT xmin::text FROM {Response._meta.db_table}")
            assert not participation_xmins & {row[0] for row in cursor.fetchall()}
            cursor.execute(f"SELECT count(*) FROM {HeldResponse._meta.db_table}")
            assert cursor.fetchone()[0] == 0


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
            except services.MonitorError:
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
