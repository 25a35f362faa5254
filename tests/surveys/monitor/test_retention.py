"""Retention of monitor data: who took part is forgotten a while after close, the anonymous
answers are kept."""

import datetime as dt

import pytest
from django.utils import timezone

from core.retention import retention_apply
from surveys.monitor import services
from surveys.monitor.models import Participation, Response

from .conftest import answer_as, campaign_make, people


@pytest.mark.django_db
def test_retention_deletes_who_took_part_after_close_but_keeps_the_anonymous_answers(org, today):
    staff = people(org["team_a"], 5)
    campaign = campaign_make([org["team_a"]])
    for person in staff:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    assert retention_apply(now=timezone.now())["surveys.monitor_participations"] == 0
    later = timezone.now() + dt.timedelta(days=91)
    assert retention_apply(now=later)["surveys.monitor_participations"] == 5
    assert not Participation.objects.exists() and Response.objects.count() == 5
