"""While a campaign is open, the wellbeing officer sees how many have answered only in safe
batches, and never a count that says "one did not answer"."""

import pytest
from django.urls import reverse

from surveys.monitor import services

from .conftest import answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


def test_the_officer_sees_a_count_of_answers_only_when_it_cannot_point_to_anyone(org, today, client, wim):
    staff = people(org["team_a"], 12)
    campaign = campaign_make([org["team_a"]])
    client.force_login(wim)
    page = reverse("monitor:campaign", args=[campaign.pk])
    for person in staff[:4]:
        answer_as(person, campaign)
    services.held_move()
    assert "hidden: the group is too small" in client.get(page).content.decode()
    answer_as(staff[4], campaign)
    services.held_move()
    # Five moved, seven still to answer: both groups of at least five.
    assert client.get(page).context["answered"] == 5
    for person in staff[5:8]:
        answer_as(person, campaign)
    services.held_move()
    # The count moves only with a safe batch: three more answers do not show one by one.
    assert client.get(page).context["answered"] == 5
    for person in staff[8:11]:
        answer_as(person, campaign)
    services.held_move()
    # Eleven of twelve would say "one did not answer": hidden.
    assert client.get(page).context["answered"] is None
