"""The per-person hot paths run in bulk: the number of queries does not grow with the
number of people (issue 16, national scale). Counted, never timed."""

import datetime as dt
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import OutboxMessage
from peer_support.models import FollowUpPlan, FollowUpStep, IncidentLogEntry, IncidentType
from peer_support.services.incidents import incident_register
from tests.factories import UserFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
EVENT = dt.datetime(2026, 10, 23, 10, 0, tzinfo=AMS)  # summer time ends two days later


def _people(org, n, prefix):
    units = [org["team_a"], org["team_b"], org["team_c"], org["groningen"]]
    zones = ["Europe/Amsterdam", "Europe/Copenhagen", "America/Curacao"]
    return [
        UserFactory(email=f"{prefix}{i}@example.org", unit=units[i % 4], time_zone=zones[i % 3], roles=[])
        for i in range(n)
    ]


def _register(mona, people):
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
