"""Launch, answer with pause and resume, one response per person, reminders, close."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from core.errors import DomainError
from notifications.keys import opaque_key
from notifications.models import OutboxMessage
from surveys.monitor import selectors, services
from surveys.monitor.models import (
    Comment,
    Draft,
    HeldComment,
    HeldResponse,
    Participation,
    Response,
    Submission,
    UnitResult,
)

from .conftest import TODAY, answer_as, answers_all, campaign_make, people

pytestmark = pytest.mark.django_db


def test_launch_snapshots_the_population_and_invites_everyone_once(org, today, alice, charlie):
    campaign = campaign_make([org["north"]])
    assert set(Participation.objects.filter(campaign=campaign).values_list("user_id", flat=True)) == {alice.pk}
    assert campaign.population_size == 1
    keys = list(OutboxMessage.objects.filter(recipient=alice).values_list("key", flat=True))
    assert keys == [opaque_key(f"monitor:{campaign.pk}:user:{alice.pk}:invitation")]
    assert not OutboxMessage.objects.filter(recipient=charlie).exists()
    with pytest.raises(DomainError):
        services.campaign_launch(campaign=campaign)
    # Someone who joins after launch is not part of this campaign.
    people(org["team_a"], 1)
    assert Participation.objects.filter(campaign=campaign).count() == 1


def _report_units(campaign):
    return dict(Participation.objects.filter(campaign=campaign).values_list("unit_id", "report_unit_id").distinct())


def test_small_teams_report_under_their_parent(org, today):
    people(org["team_a"], 6)
    people(org["team_b"], 3)
    people(org["groningen"], 2)  # the district's own staff
    campaign = campaign_make([org["groningen"]])
    report = _report_units(campaign)
    assert report[org["team_a"].pk] == org["team_a"].pk
    # Team B's 3 and the district's own 2 report together at the district: 5 people.
    assert report[org["team_b"].pk] == report[org["groningen"].pk] == org["groningen"].pk


def test_a_too_small_rest_at_the_top_takes_the_smallest_group_with_it(org, today):
    people(org["team_a"], 6)
    people(org["team_b"], 3)
    campaign = campaign_make([org["groningen"]])
    # Team B's 3 cannot report anywhere on their own: team A's 6 report with them at the top.
    assert set(_report_units(campaign).values()) == {org["groningen"].pk}


def test_units_are_chosen_by_the_people_reporting_there_not_the_size_of_the_subtree(org, today):
    # The national unit's own staff (4) and a district's own staff (2) sit above big
    # teams: by subtree size they would report alone; they must join a group of 5.
    people(org["national"], 4)
    people(org["groningen"], 2)
    for team in ("team_a", "team_b", "team_c"):
        people(org[team], 7)
    campaign = campaign_make([org["national"]])
    counts = {}
    for report_unit in Participation.objects.filter(campaign=campaign).values_list("report_unit_id", flat=True):
        counts[report_unit] = counts.get(report_unit, 0) + 1
    assert all(count >= campaign.min_group for count in counts.values()), counts
    report = _report_units(campaign)
    assert report[org["national"].pk] == report[org["groningen"].pk] == org["national"].pk


def test_a_campaign_over_several_top_units_reports_a_small_rest_at_the_whole(org, today):
    people(org["team_a"], 6)
    people(org["team_c"], 3)
    campaign = campaign_make([org["team_a"], org["team_c"]])
    assert set(_report_units(campaign).values()) == {None}


def test_a_draft_is_kept_for_the_person_and_a_submit_holds_answers_without_a_user(org, today, alice):
    campaign = campaign_make([org["team_a"]])
    participation = Participation.objects.get(campaign=campaign, user=alice)
    services.draft_save(participation=participation, answers={"qd1": "75", "nonsense": "3", "qd2": "42"})
    assert selectors.draft_of(participation)["answers"] == {"qd1": 75}
    services.draft_save(participation=participation, answers={"qd2": "25"}, comment="Busy nights")
    services.response_submit(participation=participation)
    assert selectors.has_answered(participation) and selectors.draft_of(participation) == {}
    assert not Draft.objects.exists()
    held = HeldResponse.objects.get()
    assert json.loads(held.answers) == {"qd1": 75, "qd2": 25}
    assert HeldComment.objects.get().text == "Busy nights"  # held apart from the answers
    assert not Response.objects.exists()  # one is fewer than the minimum group: it waits
    with pytest.raises(DomainError):
        services.response_submit(participation=participation)
    assert HeldResponse.objects.count() == 1


def test_held_answers_move_only_in_batches_of_the_minimum_group(org, today):
    staff = people(org["team_a"], 12)
    campaign = campaign_make([org["team_a"]])
    for person in staff[:4]:
        answer_as(person, campaign, comment="ok")
    assert services.held_move() == 0
    assert HeldResponse.objects.count() == 4
    answer_as(staff[4], campaign)
    assert services.held_move() == 5
    assert HeldResponse.objects.count() == 0
    assert Response.objects.count() == 5
    response = Response.objects.first()
    assert response.scores["burnout"] == 50 and response.report_unit_id == org["team_a"].pk
    # Comments wait for the larger minimum (10) of their own.
    assert Comment.objects.count() == 0 and HeldComment.objects.count() == 4
    for person in staff[5:11]:
        answer_as(person, campaign, comment="ok")
    services.held_move()
    assert Comment.objects.count() == 10 and HeldComment.objects.count() == 0


def test_a_batch_holds_answers_of_one_report_unit_only(org, today):
    team_a = people(org["team_a"], 6)
    team_c = people(org["team_c"], 6)
    campaign = campaign_make([org["national"]])
    for person in team_a[:3] + team_c[:4]:
        answer_as(person, campaign)
    # Seven wait, but no report unit has five: nothing moves.
    assert services.held_move() == 0
    answer_as(team_c[4], campaign)
    assert services.held_move() == 5
    assert set(Response.objects.values_list("report_unit_id", flat=True)) == {org["team_c"].pk}
    assert HeldResponse.objects.filter(report_unit=org["team_a"]).count() == 3


def test_reminders_go_only_to_those_who_have_not_answered(org, today):
    staff = people(org["team_a"], 3)
    campaign = campaign_make([org["team_a"]])
    answer_as(staff[0], campaign)
    assert services.reminders_scan() == 0  # the reminder date has not come
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 9, 7, 0)), tick=False):
        assert services.reminders_scan() == 2
        assert services.reminders_scan() == 0  # scanning twice creates nothing twice
    reminded = set(OutboxMessage.objects.filter(template="monitor_reminder").values_list("recipient_id", flat=True))
    assert reminded == {staff[1].pk, staff[2].pk}
    # Someone who answers after the reminder was written no longer gets it.
    answer_as(staff[1], campaign)
    statuses = dict(OutboxMessage.objects.filter(template="monitor_reminder").values_list("recipient_id", "status"))
    assert statuses[staff[1].pk] == OutboxMessage.Status.CANCELLED
    assert statuses[staff[2].pk] == OutboxMessage.Status.PENDING


def test_close_moves_everything_deletes_drafts_and_stores_results_once(org, today):
    staff = people(org["team_a"], 7)
    campaign = campaign_make([org["team_a"]])
    for person in staff[:6]:
        answer_as(person, campaign, value=75)
    unfinished = Participation.objects.get(campaign=campaign, user=staff[6])
    services.draft_save(participation=unfinished, answers={"qd1": 100})
    services.held_move()
    services.campaign_close(campaign=campaign)
    assert HeldResponse.objects.count() == 0
    assert not Draft.objects.exists()
    # Who answered does not survive close: only who was invited remains.
    assert not Submission.objects.exists()
    assert Participation.objects.filter(campaign=campaign).count() == 7
    team = UnitResult.objects.get(campaign=campaign, unit=org["team_a"])
    assert team.shown
    # One person did not answer: too few to show the rate, so the count is hidden too.
    assert team.response_rate is None and team.respondents is None
    burnout = team.scales.get(scale="burnout")
    assert burnout.mean is None and burnout.hidden_reason  # health needs 10
    pace = team.scales.get(scale="work_pace")
    assert pace.mean == 75.0 and pace.red == 100.0
    # A reversed item is mirrored: three answers of 75 and "enough time" 75 (= 25) give 62.5.
    assert team.scales.get(scale="quantitative_demands").mean == 62.5
    # Who was invited and reminded (so: who had not answered on a reminder date) is forgotten.
    assert not OutboxMessage.objects.with_key_prefix(f"monitor:{campaign.pk}:").exists()
    assert not OutboxMessage.objects.filter(template__in=["monitor_invitation", "monitor_reminder"]).exists()


def test_the_beat_scan_closes_campaigns_after_their_closing_date(org, today):
    staff = people(org["team_a"], 5)
    campaign = campaign_make([org["team_a"]])
    for person in staff:
        answer_as(person, campaign)
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 17, 1, 0)), tick=False):
        result = services.monitor_scan()
    assert result["closed"] == 1
    campaign.refresh_from_db()
    assert campaign.is_closed


def test_answers_are_refused_outside_the_dates(org, today, alice):
    campaign = campaign_make([org["team_a"]], opens_on=TODAY + dt.timedelta(days=3))
    participation = Participation.objects.get(campaign=campaign, user=alice)
    with pytest.raises(DomainError):
        services.draft_save(participation=participation, answers=answers_all(campaign=campaign))
