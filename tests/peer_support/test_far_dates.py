"""Moments far from now (9999-12-31, 0001-01-01) get a message, never a 500 or half a save."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from peer_support.models import CriticalIncident, FollowUpStep, GroupMeeting, IncidentType, ReflectionSeries
from peer_support.services.incidents import incident_register
from peer_support.services.meetings import group_meeting_schedule
from peer_support.services.reflection import reflection_series_create
from peer_support.services.requests import support_request_claim, support_request_plan_follow_up

from .test_reflection import framework

FAR_AHEAD = ["9999-12-31T23:59", "9999-12-25T10:00"]


@pytest.fixture
def taken(alice, bob, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    return request


@pytest.mark.parametrize("due_at", FAR_AHEAD)
def test_a_check_in_in_9999_is_refused_with_a_message(client, bob, taken, due_at):
    client.force_login(bob)
    response = client.post(reverse("peer_support:request_follow_up", args=[taken.pk]), {"due_at": due_at}, follow=True)
    assert response.status_code == 200 and "Choose a moment within a year from now." in response.content.decode()
    assert not FollowUpStep.objects.exists()


def test_the_service_refuses_a_check_in_more_than_a_year_ahead(bob, taken):
    with pytest.raises(DomainError):
        support_request_plan_follow_up(
            support_request=taken, supporter=bob, due_at=timezone.now() + dt.timedelta(days=400)
        )
    assert not FollowUpStep.objects.exists()


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00", "1900-06-01T10:00"])
def test_an_incident_in_year_1_is_refused_on_the_form(client, mona, alice, occurred_at):
    client.force_login(mona)
    response = client.post(
        reverse("peer_support:incident_create"),
        {"incident_type": "traffic", "occurred_at": occurred_at, "unit": alice.unit.pk, "people": [alice.pk]},
    )
    assert response.status_code == 200
    assert "too far back" in response.content.decode()
    assert not CriticalIncident.objects.exists()


def test_the_service_refuses_an_incident_older_than_its_retention(mona, alice):
    with pytest.raises(DomainError):
        incident_register(
            registered_by=mona,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC),
            unit=alice.unit,
            people=[alice],
        )
    assert not CriticalIncident.objects.exists()


@pytest.mark.parametrize("first_at", FAR_AHEAD)
def test_a_reflection_series_starting_in_9999_is_refused_on_the_form(client, mona, alice, first_at):
    client.force_login(mona)
    response = client.post(
        reverse("peer_support:reflection_create"),
        {
            "framework": framework().pk,
            "first_at": first_at,
            "every_weeks": 4,
            "occurrences": 6,
            "place": "Room 2",
            "participants": [alice.pk],
        },
    )
    assert response.status_code == 200 and "Choose a moment within a year from now." in response.content.decode()
    assert not ReflectionSeries.objects.exists()


def test_the_service_refuses_a_series_whose_repeats_would_leave_the_calendar(mona, alice):
    with pytest.raises(DomainError):
        reflection_series_create(
            leader=mona,
            team=mona.managed_units.first(),
            framework=framework(),
            first_at=dt.datetime(9999, 12, 1, tzinfo=dt.UTC),
            every_weeks=12,
            occurrences=26,
            place="Room 2",
            participants=[alice],
        )
    assert not ReflectionSeries.objects.exists()


def test_a_group_meeting_more_than_a_year_ahead_is_refused(mona, alice, carol, petra):
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        unit=alice.unit,
        people=[alice],
    )
    with pytest.raises(DomainError):
        group_meeting_schedule(
            incident=incident,
            kind="debriefing",
            starts_at=dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
            place="Room 4",
            leader=petra,
            by=carol,
        )
    assert not GroupMeeting.objects.exists()
