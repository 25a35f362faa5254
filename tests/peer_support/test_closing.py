"""Closing a request cannot be undone and stops the follow-up planned: nothing happens on one
click, the page says first what closing stops."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from peer_support.models import FollowUpStep, SupportRequest
from peer_support.services.requests import support_request_claim, support_request_plan_follow_up

Status = SupportRequest.Status


def posts_to(page: str, url: str) -> bool:
    return bool(re.search(rf'<form[^>]*method="post"[^>]*action="{re.escape(url)}"', page))


@pytest.fixture
def taken(alice, bob, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    return request


def test_closing_asks_first_and_names_the_follow_up_steps_it_stops(client, taken, bob):
    due = timezone.now() + dt.timedelta(days=3)
    step = support_request_plan_follow_up(support_request=taken, supporter=bob, due_at=due)
    close = reverse("peer_support:request_close", args=[taken.pk])
    client.force_login(bob)

    detail = client.get(reverse("peer_support:request_detail", args=[taken.pk])).content.decode()
    assert not posts_to(detail, close)  # no one-click close any more
    assert f'href="{close}"' in detail

    page = client.get(close).content.decode()
    assert "This also stops the follow-up steps still planned" in page
    assert timezone.localtime(due).strftime("%H:%M") in page and "Check-in" in page
    assert "cannot be opened again" in page
    taken.refresh_from_db()
    assert taken.status == Status.CLAIMED  # looking at the question changes nothing

    client.post(close)
    taken.refresh_from_db()
    step.refresh_from_db()
    assert taken.status == Status.CLOSED and step.state == FollowUpStep.State.CANCELLED


def test_closing_without_planned_steps_says_none_are_stopped(client, taken, bob):
    client.force_login(bob)
    page = client.get(reverse("peer_support:request_close", args=[taken.pk])).content.decode()
    assert "No follow-up steps are planned" in page


def test_only_who_may_close_gets_the_question(client, taken, alice, carol, dave):
    close = reverse("peer_support:request_close", args=[taken.pk])
    client.force_login(carol)
    assert client.get(close).status_code == 200  # the region's coordinator may close it
    client.force_login(alice)
    assert client.get(close)["Location"] == reverse("peer_support:request_detail", args=[taken.pk])
    client.force_login(dave)
    assert client.get(close).status_code == 404
