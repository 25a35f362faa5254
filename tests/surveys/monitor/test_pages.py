"""Answering through HTTP, the dashboards' access rules, query counts, campaigns and measures."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import OutboxMessage
from surveys.monitor import selectors, services
from surveys.monitor.models import Campaign, HeldComment, HeldResponse, Measure, Participation

from .conftest import TODAY, answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(org, today):
    """A closed campaign over the whole organisation: 12 in team A, 12 in team C."""
    staff = people(org["team_a"], 12) + people(org["team_c"], 12)
    campaign = campaign_make([org["national"]])
    for i, person in enumerate(staff):
        answer_as(person, campaign, value=[25, 75][i % 2], comment=f"comment {i}")
    services.campaign_close(campaign=campaign)
    return campaign


def test_an_employee_answers_in_parts_pauses_and_resumes(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    client.force_login(alice)
    home = client.get("/").content.decode()
    assert "Survey about your work" in home
    page = client.get(f"/monitor/c/{campaign.pk}/")
    assert page.status_code == 200 and b"privacy-note" in page.content
    response = client.post(f"/monitor/c/{campaign.pk}/answer/1/", {"qd1": "75", "wp1": "50", "pause": "1"})
    assert response.status_code == 302 and response["Location"] == "/monitor/"
    assert selectors.draft_of(Participation.objects.get(user=alice))["answers"] == {"qd1": 75, "wp1": 50}
    # Resuming shows the saved answers.
    page = client.get(f"/monitor/c/{campaign.pk}/answer/1/").content.decode()
    assert 'value="75" checked' in page
    response = client.post(f"/monitor/c/{campaign.pk}/answer/1/", {"qd1": "75", "wp1": "50", "next": "1"})
    assert response["Location"] == f"/monitor/c/{campaign.pk}/answer/2/"
    # The aggression question is on the last screen of questions (9), then the sending step (10).
    client.post(f"/monitor/c/{campaign.pk}/answer/9/", {"ag1": "100", "next": "1"})
    response = client.post(f"/monitor/c/{campaign.pk}/answer/10/", {"comment": "Fine", "submit": "1"})
    assert response["Location"] == f"/monitor/c/{campaign.pk}/thanks/"
    held = HeldResponse.objects.get()
    assert json.loads(held.answers) == {"qd1": 75, "wp1": 50, "ag1": 100}
    assert HeldComment.objects.get().text == "Fine"
    # A second submit changes nothing, and the home page no longer shows the invitation.
    client.post(f"/monitor/c/{campaign.pk}/answer/10/", {"comment": "Again", "submit": "1"})
    assert HeldResponse.objects.count() == 1
    assert "Survey about your work" not in client.get("/").content.decode()


def test_an_invalid_answer_is_dropped_not_stored(org, today, client, alice):
    campaign = campaign_make([org["team_a"]])
    client.force_login(alice)
    response = client.post(f"/monitor/c/{campaign.pk}/answer/1/", {"qd1": "7", "next": "1"})
    assert response.status_code == 200  # the form shows the error
    assert selectors.draft_of(Participation.objects.get(user=alice)) == {}


def test_someone_not_invited_gets_404(org, today, client, charlie):
    campaign = campaign_make([org["team_a"]])
    client.force_login(charlie)
    assert client.get(f"/monitor/c/{campaign.pk}/").status_code == 404
    assert client.get(f"/monitor/c/{campaign.pk}/answer/1/").status_code == 404


def test_the_officer_sees_everything_and_the_manager_only_their_units(org, closed, client, wim, mona):
    client.force_login(wim)
    page = client.get(f"/monitor/c/{closed.pk}/results/")
    assert page.status_code == 200
    assert "North" in page.content.decode() and "South" in page.content.decode()  # the regions below the top
    assert client.get(f"/monitor/c/{closed.pk}/results/{org['team_c'].pk}/").status_code == 200
    client.force_login(mona)
    assert client.get(f"/monitor/c/{closed.pk}/results/").status_code == 200
    assert client.get(f"/monitor/c/{closed.pk}/results/{org['team_a'].pk}/").status_code == 200
    assert client.get(f"/monitor/c/{closed.pk}/results/{org['team_c'].pk}/").status_code == 404
    assert client.get(f"/monitor/c/{closed.pk}/results/all/").status_code == 404
    # ... and no page of hers links to it: the whole is a row for her, not a page.
    for path in (f"/monitor/c/{closed.pk}/results/", f"/monitor/c/{closed.pk}/results/{org['groningen'].pk}/"):
        assert f"/monitor/c/{closed.pk}/results/all/" not in client.get(path).content.decode()
    csv_text = client.get(f"/monitor/c/{closed.pk}/results.csv").content.decode()
    assert "Team A" in csv_text and "Team C" not in csv_text


def test_an_employee_sees_only_their_own_units_published_results(org, closed, client):
    person = Participation.objects.filter(campaign=closed, unit=org["team_a"]).first().user
    client.force_login(person)
    page = client.get(f"/monitor/c/{closed.pk}/my-unit/")
    assert page.status_code == 200 and "Team A" in page.content.decode()
    assert client.get(f"/monitor/c/{closed.pk}/results/").status_code == 403
    assert client.get(f"/monitor/c/{closed.pk}/results.csv").status_code == 403


def test_results_are_never_live(org, today, client, wim):
    staff = people(org["team_a"], 6)
    campaign = campaign_make([org["team_a"]])
    for person in staff:
        answer_as(person, campaign)
    client.force_login(wim)
    assert client.get(f"/monitor/c/{campaign.pk}/results/").status_code == 404


def test_dashboard_pages_run_a_constant_number_of_queries(org, closed, client, wim):
    client.force_login(wim)
    counts = []
    for url in (
        f"/monitor/c/{closed.pk}/results/",
        f"/monitor/c/{closed.pk}/results/{org['north'].pk}/",
        f"/monitor/c/{closed.pk}/results/{org['team_a'].pk}/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert max(counts) <= 16
    # More units and people do not add queries.
    more = people(org["team_b"], 7)
    second = campaign_make([org["national"]], name="Again", reminder_dates=[])
    for person in more + list(Participation.objects.filter(campaign=closed).values_list("user", flat=True)[:0]):
        answer_as(person, second)
    services.campaign_close(campaign=second)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/monitor/c/{second.pk}/results/{org['groningen'].pk}/")
    assert len(queries) <= max(counts) + 1


def test_the_unit_page_has_a_summary_a_chart_with_a_table_and_comments(org, closed, client, wim):
    client.force_login(wim)
    page = client.get(f"/monitor/c/{closed.pk}/results/{org['team_a'].pk}/").content.decode()
    assert "What gives the most energy here" in page
    assert 'id="monitor-chart"' in page and "monitor-chart-data" in page and "<table" in page
    assert "comment " in page


def test_the_officer_creates_and_launches_a_campaign_with_clear_errors(org, today, client, wim, alice):
    client.force_login(wim)
    bad = client.post(
        "/monitor/campaigns/new/",
        {
            "name": "X",
            "parts": ["copsoq3"],
            "units": [org["team_a"].pk],
            "opens_on": "2026-03-10",
            "closes_on": "2026-03-01",
            "reminder_dates": "soon",
            "min_group": 5,
            "min_group_health": 10,
        },
    )
    assert bad.status_code == 200 and "not a date" in bad.content.decode()
    assert not Campaign.objects.exists()
    good = client.post(
        "/monitor/campaigns/new/",
        {
            "name": "Spring",
            "parts": ["copsoq3", "organisation"],
            "free_text": "on",
            "units": [org["team_a"].pk],
            "opens_on": "2026-03-02",
            "closes_on": "2026-03-20",
            "reminder_dates": "2026-03-10",
            "min_group": 5,
            "min_group_health": 10,
        },
    )
    campaign = Campaign.objects.get()
    assert good["Location"] == f"/monitor/campaigns/{campaign.pk}/"
    client.post(f"/monitor/campaigns/{campaign.pk}/launch/", {"confirm": "1"})
    campaign.refresh_from_db()
    assert campaign.is_open and OutboxMessage.objects.filter(recipient=alice, template="monitor_invitation").exists()


@pytest.mark.parametrize(("low", "high"), [(3, 10), (4, 4), (5, 9)])
def test_the_minimum_groups_never_go_below_5_and_10(org, today, client, wim, low, high, settings):
    client.force_login(wim)
    response = client.post(
        "/monitor/campaigns/new/",
        {
            "name": "Small groups",
            "parts": ["copsoq3"],
            "units": [org["team_a"].pk],
            "opens_on": "2026-03-02",
            "closes_on": "2026-03-20",
            "min_group": low,
            "min_group_health": high,
        },
    )
    assert response.status_code == 200 and "greater than or equal to" in response.content.decode()
    assert not Campaign.objects.exists()
    # Nor through the settings of a deployment.
    settings.MONITOR_MIN_GROUP, settings.MONITOR_MIN_GROUP_HEALTH = 2, 3
    assert selectors.campaign_defaults() == {"min_group": 5, "min_group_health": 10}


def test_the_officer_sees_a_count_of_answers_only_when_it_cannot_point_to_anyone(org, today, client, wim):
    staff = people(org["team_a"], 12)
    campaign = campaign_make([org["team_a"]])
    client.force_login(wim)
    page = f"/monitor/campaigns/{campaign.pk}/"
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


def test_only_the_officer_manages_campaigns(org, today, client, mona, alice):
    client.force_login(mona)
    assert client.get("/monitor/campaigns/new/").status_code == 403
    client.force_login(alice)
    assert client.get("/monitor/campaigns/").status_code == 403


def test_a_manager_adds_a_measure_with_a_reminder_and_employees_see_it(org, closed, client, mona):
    client.force_login(mona)
    url = f"/monitor/c/{closed.pk}/units/{org['team_a'].pk}/measures/new/"
    bad = client.post(url, {"scale": "work_pace", "action": "", "owner": "", "due_on": "", "status": "planned"})
    assert bad.status_code == 200 and not Measure.objects.exists()
    response = client.post(
        url,
        {
            "scale": "work_pace",
            "action": "Two extra people on night shifts",
            "owner": "Team lead",
            "due_on": "2026-05-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    reminder = OutboxMessage.objects.with_key(f"monitor:measure:{measure.pk}:due:2026-05-01").get()
    assert reminder.recipient == mona and reminder.due_at.date() == dt.date(2026, 4, 24)
    assert client.get(f"/monitor/c/{closed.pk}/units/{org['team_c'].pk}/measures/new/").status_code == 404
    # Marking it done cancels the reminder.
    client.post(
        f"/monitor/measures/{measure.pk}/",
        {
            "scale": "work_pace",
            "action": "Two extra people on night shifts",
            "owner": "Team lead",
            "due_on": "2026-05-01",
            "status": "done",
        },
    )
    reminder.refresh_from_db()
    assert reminder.status == OutboxMessage.Status.CANCELLED
    person = Participation.objects.filter(campaign=closed, unit=org["team_a"]).first().user
    client.force_login(person)
    assert "Two extra people on night shifts" in client.get(f"/monitor/c/{closed.pk}/my-unit/").content.decode()


def test_the_officer_sees_the_overview_of_measures(org, closed, client, wim, mona):
    Measure.objects.create(
        unit=org["team_c"], campaign=closed, scale="aggression", action="Body cameras", owner="Chief", due_on=TODAY
    )
    client.force_login(wim)
    assert "Body cameras" in client.get("/monitor/measures/").content.decode()
    client.force_login(mona)
    assert "Body cameras" not in client.get("/monitor/measures/").content.decode()
    assert client.get(f"/monitor/measures/{Measure.objects.get().pk}/").status_code == 404
