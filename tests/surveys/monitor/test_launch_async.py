"""A launch to tens of thousands of people: the officer's confirm answers at once (the
campaign is marked launching), a task invites everyone, once, and a task lost with the
broker is run by the beat scan a few minutes later."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from notifications.models import OutboxMessage
from surveys.monitor import services
from surveys.monitor.models import Campaign, Participation
from surveys.monitor.services.campaigns import LAUNCH_STUCK_AFTER
from surveys.monitor.tasks import launch_campaign

from .conftest import TODAY, campaign_make, people

pytestmark = pytest.mark.django_db

TEN = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


def counts(campaign):
    return (
        Participation.objects.filter(campaign=campaign).count(),
        OutboxMessage.objects.filter(template="monitor_invitation").count(),
    )


def test_the_confirm_answers_at_once_and_the_task_invites_everyone(
    org, today, client, wim, django_capture_on_commit_callbacks
):
    people(org["team_a"], 5)
    campaign = campaign_make([org["team_a"]], launch=False)
    client.force_login(wim)
    with django_capture_on_commit_callbacks() as queued:  # the task is queued, not run
        response = client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("monitor:campaign", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.is_launching and campaign.launched_at == TEN and campaign.questionnaire["parts"]
    assert counts(campaign) == (0, 0)  # nobody invited inside the request
    assert len(queued) == 1
    page = client.get(reverse("monitor:campaign", args=[campaign.pk])).content.decode()
    assert "The invitations are being prepared" in page and "Preparing invitations" in page
    assert reverse("monitor:campaign_close", args=[campaign.pk]) not in page

    queued[0]()  # the worker picks the task up (eagerly in tests)
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.population_size == 5
    assert counts(campaign) == (5, 5)
    page = client.get(reverse("monitor:campaign", args=[campaign.pk])).content.decode()
    assert "being prepared" not in page and reverse("monitor:campaign_close", args=[campaign.pk]) in page


def test_a_refusal_is_shown_on_the_confirm_page_and_nothing_is_queued(
    org, today, client, wim, django_capture_on_commit_callbacks
):
    campaign = Campaign.objects.create(name="No units", parts=["copsoq3"], opens_on=TODAY, closes_on=TODAY)
    client.force_login(wim)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"}, follow=True)
    assert "Choose at least one unit." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not queued


def test_running_the_launch_twice_invites_nobody_twice(org, today):
    people(org["team_a"], 6)
    campaign = campaign_make([org["team_a"]], launch=False)
    services.campaign_launch_request(campaign=campaign, queue=False)
    assert launch_campaign.apply(args=[campaign.pk]).get() == 6
    assert launch_campaign.apply(args=[campaign.pk]).get() is None
    assert services.campaign_launch_run(campaign=campaign) is None
    assert counts(campaign) == (6, 6)
    with pytest.raises(DomainError):  # and the confirm again is refused
        services.campaign_launch_request(campaign=campaign)


def test_a_launch_whose_task_was_lost_is_run_by_the_scan_after_a_few_minutes(org, today):
    people(org["team_a"], 5)
    campaign = campaign_make([org["team_a"]], launch=False)
    services.campaign_launch_request(campaign=campaign, queue=False)  # as if the broker lost the task
    with time_machine.travel(TEN + LAUNCH_STUCK_AFTER - dt.timedelta(seconds=1), tick=False):
        assert services.monitor_scan()["launched"] == 0  # the task may still come
    assert counts(campaign) == (0, 0)
    with time_machine.travel(TEN + LAUNCH_STUCK_AFTER, tick=False):
        assert services.monitor_scan()["launched"] == 1
    campaign.refresh_from_db()
    assert campaign.is_open and counts(campaign) == (5, 5)
    invitation = OutboxMessage.objects.filter(template="monitor_invitation").first()
    assert invitation.due_at == TEN + LAUNCH_STUCK_AFTER  # sent when the launch really happened
    assert services.monitor_scan(now=TEN + dt.timedelta(hours=1))["launched"] == 0


def test_a_launch_that_waited_past_the_closing_date_is_a_draft_again(org, today):
    campaign = campaign_make([org["team_a"]], launch=False, closes_on=TODAY)
    services.campaign_launch_request(campaign=campaign, queue=False)
    assert services.campaign_launch_run(campaign=campaign, now=TEN + dt.timedelta(days=2)) is None
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and campaign.launched_at is None
    assert counts(campaign) == (0, 0)


def test_a_launching_campaign_cannot_be_edited_closed_or_launched_again(
    org, today, client, wim, django_capture_on_commit_callbacks
):
    campaign = campaign_make([org["team_a"]], launch=False)
    services.campaign_launch_request(campaign=campaign, queue=False)
    client.force_login(wim)
    assert client.get(reverse("monitor:campaign_edit", args=[campaign.pk])).status_code == 404
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"})
        client.post(reverse("monitor:campaign_close", args=[campaign.pk]), {"confirm": "1"})
    assert not queued
    campaign.refresh_from_db()
    assert campaign.is_launching


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_a_launch_another_one_is_running(org):
    people(org["team_a"], 3)
    with time_machine.travel(TEN, tick=False):
        campaign = campaign_make([org["team_a"]], launch=False)
        services.campaign_launch_request(campaign=campaign, queue=False)
    holding, release = threading.Event(), threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                Campaign.objects.select_for_update().get(pk=campaign.pk)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    try:
        assert holding.wait(10)
        with time_machine.travel(TEN, tick=False):
            assert services.campaign_launch_run(campaign=campaign) is None  # skipped, not waiting
        assert counts(campaign) == (0, 0)
    finally:
        release.set()
        worker.join()
    with time_machine.travel(TEN, tick=False):
        assert services.campaign_launch_run(campaign=campaign) == 3
    assert counts(campaign) == (3, 3)
