import datetime as dt

import pytest
from django.utils import timezone

from core.retention import retention_apply
from notifications.email import render_email
from surveys.monitor import services
from surveys.monitor.models import Participation, Response

from .conftest import answer_as, campaign_make, people

SENSITIVE = ("burnout", "stress", "health", "psycholog", "trauma", "aggression", "violence", "screening")


@pytest.mark.parametrize("template", ["monitor_invitation", "monitor_reminder", "monitor_measure_due"])
@pytest.mark.parametrize("language", ["en", "nl", "da"])
def test_mails_are_neutral_and_link_to_the_portal(template, language):
    context = {"closes_on": "2026-03-16", "due_on": "2026-05-01", "path": "/monitor/c/1/", "recipient_name": "Eva"}
    subject, body, _html = render_email(template, context, language=language)
    assert subject and "/monitor/c/1/" in body
    for word in SENSITIVE:
        assert word not in subject.lower()
    if language != "en":
        assert "survey" not in subject.lower() and "measure" not in subject.lower()  # translated


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
