"""Launch, answer with pause and resume, one response per person, reminders, close."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from notifications.keys import opaque_key
from notifications.models import OutboxMessage
from surveys.monitor import services
from surveys.monitor.models import Comment, HeldResponse, Participation, Response, UnitResult

from .conftest import TODAY, answer_as, answers_all, campaign_make, people

pytestmark = pytest.mark.django_db


def test_launch_snapshots_the_population_and_invites_everyone_once(org, today, alice, charlie):
    campaign = campaign_make([org["north"]])
    assert set(Participation.objects.filter(campaign=campaign).values_list("user_id", flat=True)) == {alice.pk}
    assert campaign.population_size == 1
    keys = list(OutboxMessage.objects.filter(recipient=alice).values_list("key", flat=True))
    assert keys == [opaque_key(f"monitor:{campaign.pk}:user:{alice.pk}:invitation")]
    assert not OutboxMessage.objects.filter(recipient=charlie).exists()
    with pytest.raises(services.MonitorError):
        services.campaign_launch(campaign=campaign)
    # Someone who joins after launch is not part of this campaign.
    people(org["team_a"], 1)
    assert Participation.objects.filter(campaign=campaign).count() == 1


def test_small_teams_report_under_their_parent(org, today):
    people(org["team_a"], 6)
    people(org["team_b"], 3)
    campaign = campaign_make([org["groningen"]])
    report = dict(Participation.objects.filter(campaign=campaign).values_list("unit_id", "report_unit_id").distinct())
    assert report[org["team_a"].pk] == org["team_a"].pk
    assert report[org["team_b"].pk] == org["groningen"].pk


def test_a_draft_is_kept_for_the_person_and_a_submit_holds_answers_without_a_user(org, today, alice):
    campaign = campaign_make([org["team_a"]])
    participation = Participation.objects.get(campaign=campaign, user=alice)
    services.draft_save(participation=participation, answers={"qd1": "75", "nonsense": "3", "qd2": "42"})
    participation.refresh_from_db()
    assert participation.draft["answers"] == {"qd1": 75}
    services.draft_save(participation=participation, answers={"qd2": "25"}, comment="Busy nights")
    services.response_submit(participation=participation)
    participation.refresh_from_db()
    assert participation.responded and participation.draft == {}
    held = HeldResponse.objects.get()
    assert held.answers == {"qd1": 75, "qd2": 25} and held.comment == "Busy nights"
    assert not Response.objects.exists()  # one is fewer than the minimum group: it waits
    with pytest.raises(services.MonitorError):
        services.response_submit(participation=participation)
    assert HeldResponse.objects.count() == 1


def test_held_answers_move_only_in_batches_of_the_minimum_group(org, today):
    staff = people(org["team_a"], 6)
    campaign = campaign_make([org["team_a"]])
    for person in staff[:4]:
        answer_as(person, campaign, comment="ok")
    assert services.held_move() == 0
    assert HeldResponse.objects.count() == 4
    answer_as(staff[4], campaign)
    assert services.held_move() == 5
    assert HeldResponse.objects.count() == 0
    assert Response.objects.count() == 5 and Comment.objects.count() == 4
    response = Response.objects.first()
    assert response.scores["burnout"] == 50 and response.report_unit_id == org["team_a"].pk


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
    assert Participation.objects.get(pk=unfinished.pk).draft == {}
    team = UnitResult.objects.get(campaign=campaign, unit=org["team_a"])
    assert team.shown and team.respondents == 6
    assert team.response_rate is None  # one person did not answer: too few to show the rate
    burnout = team.scales.get(scale="burnout")
    assert burnout.mean is None and burnout.hidden_reason  # health needs 10
    pace = team.scales.get(scale="work_pace")
    assert pace.mean == 75.0 and pace.red == 100.0
    # A reversed item is mirrored: three answers of 75 and "enough time" 75 (= 25) give 62.5.
    assert team.scales.get(scale="quantitative_demands").mean == 62.5
    assert not OutboxMessage.objects.with_key_prefix(f"monitor:{campaign.pk}:").filter(status="pending").exists()


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
    with pytest.raises(services.MonitorError):
        services.draft_save(participation=participation, answers=answers_all(campaign=campaign))
