"""The per-person hot paths run in bulk: the number of queries does not grow with the
number of people (issue 16, national scale). Counted, never timed."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import OutboxMessage
from peer_support.conflicts import has_conflict
from peer_support.models import FollowUpPlan, FollowUpStep, IncidentLogEntry, IncidentType
from peer_support.services.incidents import incident_register
from tests.caches import caches_warm
from tests.factories import UserFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
EVENT = dt.datetime(2026, 10, 23, 10, 0, tzinfo=AMS)  # summer time ends two days later


# Query counts hold on PostgreSQL only: SQLite splits one INSERT of many rows at 999 parameters,
# so its count grows with the rows.
counted_on_postgresql = pytest.mark.postgres


def _people(org, n, prefix):
    units = [org["team_a"], org["team_b"], org["team_c"], org["groningen"]]
    zones = ["Europe/Amsterdam", "Europe/Copenhagen", "America/Curacao"]
    return [
        UserFactory(email=f"{prefix}{i}@example.org", unit=units[i % 4], time_zone=zones[i % 3], roles=[])
        for i in range(n)
    ]


def _register(mona, people):
    caches_warm()
    with CaptureQueriesContext(connection) as ctx:
        incident = incident_register(
            registered_by=mona,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=EVENT,
            unit=people[0].unit,
            people=people,
            now=EVENT + dt.timedelta(hours=1),
        )
    return incident, len(ctx)


@counted_on_postgresql
def test_incident_register_takes_the_same_number_of_queries_for_5_and_for_50_people(org, mona):
    few, few_queries = _register(mona, _people(org, 5, "few"))
    many_people = _people(org, 50, "many")
    many, many_queries = _register(mona, many_people)

    assert few_queries == many_queries
    assert FollowUpPlan.objects.filter(incident=many).count() == 50
    steps_per_plan = many.protocol.steps.count()
    assert FollowUpStep.objects.filter(plan__incident=many).count() == 50 * steps_per_plan
    assert IncidentLogEntry.objects.filter(incident=many).count() == 50
    for person in many_people:
        plan = FollowUpPlan.objects.get(incident=many, person=person)
        # The region of the person's own unit; the start message under the key message_schedule uses.
        assert plan.region == (org["south"] if person.unit == org["team_c"] else org["north"])
        message = OutboxMessage.objects.with_key(f"ps:plan:{plan.pk}:start").get()
        assert (message.recipient, message.template, message.channel) == (person, "peer_support_plan_start", "email")
        assert message.context == {"path": reverse("peer_support:plan_detail", args=[plan.pk])}
        assert (message.language, message.urgent, message.due_at) == ("", False, EVENT + dt.timedelta(hours=1))
        # Whole days on the person's own calendar: 10:00 local three days later, across the change.
        entry = IncidentLogEntry.objects.get(incident=many, owner=person)
        assert entry.occurred_on == EVENT.astimezone(person.tzinfo).date()
        for step in plan.steps.all():
            offset = next(s.offset_hours for s in many.protocol.steps.all() if s.order == step.order)
            if offset and offset % 24 == 0:
                local = step.due_at.astimezone(person.tzinfo)
                assert local.time() == EVENT.astimezone(person.tzinfo).time()
    assert few.pk != many.pk


def test_someone_listed_twice_gets_one_plan_and_one_log_line(org, mona, alice):
    incident, _ = _register(mona, [alice, alice])
    assert FollowUpPlan.objects.filter(incident=incident, person=alice).count() == 1
    assert IncidentLogEntry.objects.filter(incident=incident, owner=alice).count() == 1


# --- The timer scans: a constant number of queries per batch ---------------------------------

ASKED = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
LATER = ASKED + dt.timedelta(days=10)  # past both escalations of every request below


def _requests(org, n, prefix):
    from peer_support.models import SupportRequest

    requesters = _people(org, n, prefix)
    return SupportRequest.objects.bulk_create(
        [
            SupportRequest(
                requester=person,
                requester_unit=person.unit,
                region=org["north"],
                urgency=SupportRequest.Urgency.THIS_WEEK,
                created_at=ASKED,
                escalate_at=ASKED + dt.timedelta(hours=24),
            )
            for person in requesters[:n]
            if person.unit != org["team_c"]
        ]
        + [
            SupportRequest(
                requester=person,
                requester_unit=person.unit,
                region=org["south"],
                urgency=SupportRequest.Urgency.THIS_WEEK,
                created_at=ASKED,
                escalate_at=ASKED + dt.timedelta(hours=24),
            )
            for person in requesters[:n]
            if person.unit == org["team_c"]
        ]
    )


def _counted(scan, now):
    caches_warm()
    with CaptureQueriesContext(connection) as ctx:
        moved = scan(now=now)
    return moved, len(ctx)


@counted_on_postgresql
def test_escalation_scan_takes_the_same_number_of_queries_for_5_and_for_50_requests(org, carol, sam):
    from peer_support.models import SupportRequest
    from peer_support.services.timers import requests_escalate

    _requests(org, 5, "few")
    few, few_queries = _counted(requests_escalate, LATER)
    many_requests = _requests(org, 50, "many")
    many, many_queries = _counted(requests_escalate, LATER)

    assert (few, many) == (10, 100)  # each request twice: its own region, then the next
    assert few_queries == many_queries
    for request in many_requests:
        request.refresh_from_db()
        assert request.escalation_level == 2
        own, other = (carol, sam) if request.region == org["north"] else (sam, carol)
        assert request.backup_region == (org["south"] if own == carol else org["north"])
        level_1 = OutboxMessage.objects.with_key(f"ps:request:{request.pk}:escalation:1:{own.pk}").get()
        assert (level_1.recipient, level_1.urgent, level_1.template) == (own, True, "peer_support_task")
        assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:escalation:2:{other.pk}").exists()
        # On the portal page too, once per person and request.
        for person in (own, other):
            alert = OutboxMessage.objects.with_key(f"ps:request:{request.pk}:alert:{person.pk}", "portal").get()
            assert (alert.urgent, alert.context) == (False, {"kind": "request", "request_id": request.pk})
    before = OutboxMessage.objects.count()
    assert _counted(requests_escalate, LATER)[0] == 0  # a second scan: nothing twice
    assert OutboxMessage.objects.count() == before
    assert SupportRequest.objects.filter(escalation_level=2).count() == 55


def test_escalation_skips_a_coordinator_in_conflict_with_the_request(org, carol, sam):
    from peer_support.services.timers import requests_escalate

    requests = _requests(org, 8, "conflict")
    carol.unit = org["groningen"]  # now above Team A and Team B, below the region: their line of command
    carol.save()
    requests_escalate(now=LATER)
    told = {}
    for request in requests:
        level = 1 if request.region == org["north"] else 2
        told[request.pk] = OutboxMessage.objects.with_key(
            f"ps:request:{request.pk}:escalation:{level}:{carol.pk}"
        ).exists()
        # The same answer as the one-request check of the queue and the claim.
        assert told[request.pk] == (not has_conflict(carol, request))
    assert set(told.values()) == {True, False}  # Team C's requests reach her, her own district's do not


def _incident_steps(org, mona, n, prefix):
    people = _people(org, n, prefix)
    incident, _ = _register(mona, people)
    return incident


@counted_on_postgresql
def test_step_scans_take_the_same_number_of_queries_for_5_and_for_50_people(org, mona, carol, sam, bob):
    from peer_support.services.alerts import steps_alert_unowned
    from peer_support.services.timers import screenings_send, steps_flag_overdue, steps_remind

    far = EVENT + dt.timedelta(days=60)  # every step due, past its window
    soon = EVENT + dt.timedelta(hours=2)  # the first outreach falls due within the reminder lead
    counts = {}
    for size, prefix in ((5, "few"), (50, "many")):
        incident = _incident_steps(org, mona, size, prefix)
        FollowUpStep.objects.filter(plan__incident=incident, order__gt=1).exclude(kind="screening").update(owner=bob)
        counts[size] = [
            _counted(steps_remind, soon),
            _counted(steps_alert_unowned, far),
            _counted(steps_flag_overdue, far),
            _counted(screenings_send, far),
        ]
    assert [queries for _, queries in counts[5]] == [queries for _, queries in counts[50]]
    assert all(moved for moved, _ in counts[50][1:])
    # And a second scan moves nothing.
    assert _counted(steps_flag_overdue, far)[0] == 0
    assert _counted(screenings_send, far)[0] == 0
    assert _counted(steps_alert_unowned, far)[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_escalation_scans_at_once_move_each_request_once_and_send_each_notice_once(org, carol, sam):
    import threading

    from peer_support.services.timers import requests_escalate

    requests = _requests(org, 30, "race")
    barrier = threading.Barrier(2)
    moved, errors = [], []

    def worker():
        try:
            barrier.wait()
            moved.append(requests_escalate(now=LATER))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(moved) == 60  # each request once per level, whichever scan moved it
    for request in requests:
        assert OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:").count() == 2
        assert OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:alert:").count() == 2  # portal
