import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import Role
from surveys.monitor import services
from surveys.monitor.models import Campaign, Participation
from tests.factories import UserFactory

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0)), tick=False):
        yield TODAY


def people(unit, n, **kwargs):
    return [UserFactory(unit=unit, roles=[Role.EMPLOYEE], **kwargs) for _ in range(n)]


def campaign_make(units, *, name="Spring survey", launch=True, **kwargs):
    fields = {
        "name": name,
        "parts": ["copsoq3", "organisation"],
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=14),
        "reminder_dates": [(TODAY + dt.timedelta(days=7)).isoformat()],
    }
    fields.update(kwargs)
    campaign = Campaign.objects.create(**fields)
    campaign.units.set(units)
    if launch:
        services.campaign_launch(campaign=campaign)
        campaign.refresh_from_db()
    return campaign


def answers_all(value=50, *, campaign=None):
    from surveys.monitor.questionnaire import questionnaire_for

    return {key: value for key in questionnaire_for(campaign).items}


def answer_as(user, campaign, value=50, comment=""):
    participation = Participation.objects.get(campaign=campaign, user=user)
    services.draft_save(participation=participation, answers=answers_all(value, campaign=campaign), comment=comment)
    services.response_submit(participation=participation)
    return participation


@pytest.fixture
def closed(org, today):
    """A closed campaign over the whole organisation: 12 in team A, 12 in team C."""
    staff = people(org["team_a"], 12) + people(org["team_c"], 12)
    campaign = campaign_make([org["national"]])
    for i, person in enumerate(staff):
        answer_as(person, campaign, value=[25, 75][i % 2], comment=f"comment {i}")
    services.campaign_close(campaign=campaign)
    return campaign
