"""Launching and closing early are second steps: a page says what will happen, and only
its confirm button acts."""

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from surveys.monitor import services
from surveys.monitor.models import Campaign, Submission

from .conftest import answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


def test_launching_takes_a_confirmation_that_says_who_is_invited_how_and_when(
    org, today, client, wim, alice, django_capture_on_commit_callbacks
):
    people(org["team_a"], 5)
    campaign = campaign_make([org["groningen"]], launch=False, opens_on=today.replace(day=9))
    client.force_login(wim)
    detail = client.get(reverse("monitor:campaign", args=[campaign.pk])).content.decode()
    # The detail page offers a link to the confirmation, not a button that launches.
    assert f'href="{reverse("monitor:campaign_launch", args=[campaign.pk])}"' in detail
    assert f'action="{reverse("monitor:campaign_launch", args=[campaign.pk])}"' not in detail

    page = client.get(reverse("monitor:campaign_launch", args=[campaign.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "6 people are invited by e-mail" in text  # Alice and the five in team A
    assert "The invitations go out on 9 March 2026 at 08:00" in text
    assert "Groningen" in text and "cannot be undone" in text
    assert "the minimum groups (5 people, 10 for health figures and comments) are fixed" in text
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not OutboxMessage.objects.exists()

    # A post without the confirm button does not launch either.
    client.post(reverse("monitor:campaign_launch", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):  # the launch task runs (eagerly)
        response = client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("monitor:campaign", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.population_size == 6
    assert OutboxMessage.objects.filter(recipient=alice, template="monitor_invitation").count() == 1
    # Launched once: the confirmation page is gone and a second confirm changes nothing.
    assert client.get(reverse("monitor:campaign_launch", args=[campaign.pk]))["Location"] == reverse(
        "monitor:campaign", args=[campaign.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"})
    assert OutboxMessage.objects.filter(template="monitor_invitation").count() == 6


def test_the_launch_page_warns_when_too_few_would_be_invited_to_ever_show_results(org, today, client, wim, alice):
    campaign = campaign_make([org["team_a"]], launch=False)
    client.force_login(wim)
    text = client.get(reverse("monitor:campaign_launch", args=[campaign.pk])).content.decode()
    assert "1 person is invited by e-mail" in text and "The invitations go out right away" in text
    assert "no results of this campaign could ever be shown" in text


def test_closing_early_takes_a_confirmation_too(org, today, client, wim):
    staff = people(org["team_a"], 6)
    campaign = campaign_make([org["team_a"]])
    answer_as(staff[0], campaign)
    client.force_login(wim)
    detail = client.get(reverse("monitor:campaign", args=[campaign.pk])).content.decode()
    assert f'href="{reverse("monitor:campaign_close", args=[campaign.pk])}"' in detail
    text = client.get(reverse("monitor:campaign_close", args=[campaign.pk])).content.decode()
    assert "Nobody can answer any more" in text and "cannot be undone" in text
    assert "hidden: the group is too small" in text  # one answer so far: no count
    client.post(reverse("monitor:campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.is_open and Submission.objects.exists()
    client.post(reverse("monitor:campaign_close", args=[campaign.pk]), {"confirm": "1"})
    campaign.refresh_from_db()
    assert campaign.is_closed and not Submission.objects.exists()


def test_only_the_officer_reaches_the_confirmation_pages(org, today, client, mona):
    campaign = campaign_make([org["team_a"]], launch=False)
    client.force_login(mona)
    assert client.get(reverse("monitor:campaign_launch", args=[campaign.pk])).status_code == 403
    assert client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"}).status_code == 403
    services.campaign_launch(campaign=campaign)
    assert client.post(reverse("monitor:campaign_close", args=[campaign.pk]), {"confirm": "1"}).status_code == 403
