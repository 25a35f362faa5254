"""Measures due in 9999 and campaigns far from today are refused on the form and by the service."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from notifications.models import OutboxMessage
from surveys.monitor import services
from surveys.monitor.models import Campaign, Measure

from .conftest import answer_as, campaign_make, people


@pytest.fixture
def groningen_closed(org, today):
    staff = people(org["team_a"], 12)
    campaign = campaign_make([org["groningen"]])
    for person in staff:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    return campaign


def measure_data(due_on):
    return {**_texts(), "due_on": due_on, "status": "planned"}


@pytest.mark.parametrize("due_on", ["9999-12-31", "9999-12-25", "0001-01-01", "1999-12-31"])
def test_a_measure_due_far_away_gets_a_message_on_the_form_and_is_not_saved(
    org, groningen_closed, client, mona, due_on
):
    client.force_login(mona)
    url = reverse("monitor:measure_create", args=[groningen_closed.pk, org["team_a"].pk])
    response = client.post(url, measure_data(due_on))
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert "Choose a due date between" in response.content.decode()
    assert not Measure.objects.exists() and not OutboxMessage.objects.filter(template="monitor_measure_due").exists()


def test_editing_a_measure_to_a_due_date_in_9999_changes_nothing(org, groningen_closed, client, mona):
    measure = services.measure_save(
        measure=Measure(unit=org["team_a"], campaign=groningen_closed, due_on=dt.date(2026, 5, 1), **_texts()),
        actor=mona,
    )
    client.force_login(mona)
    response = client.post(reverse("monitor:measure_edit", args=[measure.pk]), measure_data("9999-12-31"))
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.due_on == dt.date(2026, 5, 1)
    assert OutboxMessage.objects.with_key_prefix(f"monitor:measure:{measure.pk}:").count() == 1


def _texts():
    return {"scale": "work_pace", "action": "Fewer night shifts", "owner": "Team lead"}


@pytest.mark.parametrize("due_on", [dt.date.max, dt.date(9999, 12, 25), dt.date(1, 1, 1)])
def test_the_service_refuses_a_due_date_out_of_range_before_saving_anything(org, groningen_closed, mona, due_on):
    with pytest.raises(DomainError):
        services.measure_save(
            measure=Measure(unit=org["team_a"], campaign=groningen_closed, due_on=due_on, **_texts()), actor=mona
        )
    assert not Measure.objects.exists() and not OutboxMessage.objects.filter(template="monitor_measure_due").exists()


@pytest.mark.parametrize("field,value", [("action", "x" * 2001), ("owner", "x" * 201), ("action", "  ")])
def test_the_service_refuses_texts_that_are_empty_or_too_long(org, groningen_closed, mona, field, value):
    fields = {**_texts(), field: value}
    with pytest.raises(DomainError):
        services.measure_save(
            measure=Measure(unit=org["team_a"], campaign=groningen_closed, due_on=timezone.localdate(), **fields),
            actor=mona,
        )
    assert not Measure.objects.exists()


def campaign_data(org, **dates):
    return {
        "name": "Far away",
        "parts": ["copsoq3"],
        "units": [org["team_a"].pk],
        "min_group": 5,
        "min_group_health": 10,
        **dates,
    }


@pytest.mark.parametrize(
    "dates",
    [
        {"opens_on": "9999-12-01", "closes_on": "9999-12-31"},
        {"opens_on": "2026-03-02", "closes_on": "9999-12-31"},
        {"opens_on": "0001-01-01", "closes_on": "2026-03-20"},
    ],
)
def test_a_campaign_far_from_today_gets_a_message_and_no_draft(org, today, client, wim, dates):
    """Saved as a draft, a campaign closing in 9999 answered 500 when it was launched."""
    client.force_login(wim)
    response = client.post(reverse("monitor:campaign_create"), campaign_data(org, **dates))
    assert response.status_code == 200 and "Choose a date between" in response.content.decode()
    assert not Campaign.objects.exists()


def test_launching_a_draft_that_closes_in_9999_is_refused_with_a_message(org, today, client, wim):
    draft = Campaign.objects.create(
        name="Old draft", parts=["copsoq3"], opens_on=dt.date(2026, 3, 2), closes_on=dt.date(9999, 12, 31)
    )
    draft.units.set([org["team_a"]])
    client.force_login(wim)
    response = client.post(reverse("monitor:campaign_launch", args=[draft.pk]), {"confirm": "1"}, follow=True)
    assert response.status_code == 200 and "within two years of today" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT and not draft.participations.exists()
