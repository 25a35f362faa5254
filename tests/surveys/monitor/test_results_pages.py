"""The results pages for a tired manager: every difference says in words whether it is
better or worse, nothing is wider than the screen, and the CSV opens in the reader's
spreadsheet program with the same figures."""

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.monitor import presentation, services
from surveys.monitor.models import ScaleResult, UnitResult
from tests.factories import unit_create

from .conftest import answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_campaigns(org, today):
    """Team A and team C (6 each) answer 50 in autumn; in spring team A answers 75, team C 25."""
    team_a, team_c = people(org["team_a"], 6), people(org["team_c"], 6)
    first = campaign_make([org["national"]], name="Autumn")
    for person in team_a + team_c:
        answer_as(person, first, value=50)
    services.campaign_close(campaign=first)
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 9, 1, 10, 0)), tick=False):
        second = campaign_make(
            [org["national"]], name="Spring", opens_on=dt.date(2026, 9, 1), closes_on=dt.date(2026, 9, 15)
        )
        for person in team_a:
            answer_as(person, second, value=75)
        for person in team_c:
            answer_as(person, second, value=25)
        services.campaign_close(campaign=second)
    return second


def _row(html: str, label: str, start: int = 0) -> str:
    """The table row that starts with this scale's label."""
    at = html.index(f">{label} <span", start)
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]


def _expected(campaign, unit, scale):
    result = ScaleResult.objects.get(unit_result__campaign=campaign, unit_result__unit=unit, scale=scale)
    return result.mean - result.previous_mean


def test_a_rise_on_a_scale_where_lower_is_better_reads_as_worse_in_words_and_colour(
    org, two_campaigns, client, mona, wim
):
    client.force_login(mona)
    page = client.get(reverse("monitor:results_unit", args=[two_campaigns.pk, org["team_a"].pk])).content.decode()
    scores = page[page.index('id="scales-h"') : page.index('id="measures-h"')]
    pace = _row(scores, "Work pace")
    assert _expected(two_campaigns, org["team_a"], "work_pace") > 0
    assert "lower is better" in pace
    # The change since last time and the comparison with the whole organisation, both worse.
    assert pace.count("trend-worse") == 2 and "(worse)" in pace
    assert "worse than last time" in pace and "worse than all units" in pace
    support = _row(scores, "Support from colleagues")
    assert _expected(two_campaigns, org["team_a"], "support_colleagues") > 0
    assert "higher is better" in support and support.count("trend-better") == 2 and "(better)" in support
    # Team C went the other way: less pace is better.
    client.force_login(wim)
    page = client.get(reverse("monitor:results_unit", args=[two_campaigns.pk, org["team_c"].pk])).content.decode()
    assert "(better)" in _row(page, "Work pace") and "better than last time" in _row(page, "Work pace")


def test_the_heat_map_says_better_or_worse_per_unit_too(org, two_campaigns, client, wim):
    client.force_login(wim)
    page = client.get(reverse("monitor:results_unit", args=[two_campaigns.pk, org["national"].pk])).content.decode()
    heat = page[page.index('id="heat-h"') :]
    pace = _row(heat, "Work pace")
    # National (all), North (team A), South (team C): the national figure stayed at 50.
    assert pace.count("trend-worse") == 1 and pace.count("trend-better") == 1 and "about the same" in pace
    assert 'data-label="North"' in pace and 'data-label="South"' in pace


def test_a_unit_with_many_sub_units_is_shown_in_tables_of_at_most_five_units(org, today, client, mona):
    teams = [org["team_a"], org["team_b"]] + [unit_create(name=f"Team {n}", parent=org["groningen"]) for n in range(6)]
    for team in teams:
        people(team, 5)
    campaign = campaign_make([org["groningen"]])
    for person in [p.user for p in campaign.participations.select_related("user")]:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    client.force_login(mona)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("monitor:results_unit", args=[campaign.pk, org["groningen"].pk])).content.decode()
    assert len(queries) <= 16
    heat = page[page.index('id="heat-h"') :]
    tables = re.findall(r"<table class=\"table table-sm table-bordered heat.*?</table>", heat, re.S)
    # Groningen itself and its 8 teams: never more than 5 side by side.
    assert len(tables) == 2
    for table in tables:
        header = table[table.index("<thead") : table.index("</thead>")]
        assert header.count('role="columnheader"') <= 1 + presentation.UNITS_PER_TABLE
    shown = UnitResult.objects.filter(campaign=campaign, shown=True, path__startswith=org["groningen"].path).count()
    assert shown > presentation.UNITS_PER_TABLE
    assert f"Units 1–5 of {shown}" in heat and f"Units 6–{shown} of {shown}" in heat
    # On a phone the units are reached through a list of links, since the header is hidden.
    team = UnitResult.objects.filter(campaign=campaign, shown=True, parent=org["groningen"]).first()
    assert heat.count(f'href="{reverse("monitor:results_unit", args=[campaign.pk, team.unit_id])}"') == 2


def test_the_chart_labels_every_shown_scale_and_has_its_table_beside_it(org, two_campaigns, client, mona):
    client.force_login(mona)
    response = client.get(reverse("monitor:results_unit", args=[two_campaigns.pk, org["team_a"].pk]))
    chart = response.context["chart"]
    shown = [c for c in response.context["cells"] if not c["hidden"]]
    assert chart["labels"] == [c["label"] for c in shown] and len(chart["unit"]) == len(shown)
    page = response.content.decode()
    assert 'id="monitor-chart"' in page and 'class="table table-sm table-stack scores"' in page
    for cell in shown:
        assert f">{cell['label']} <span" in page  # every scale of the chart is a row of the table


def _parsed(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return text[1:]


def test_the_csv_has_the_separator_and_decimal_mark_of_the_readers_language(org, two_campaigns, client, mona):
    client.force_login(mona)
    client.reauthenticate()  # the CSV asks for the password again
    english = _parsed(client.get(reverse("monitor:results_csv", args=[two_campaigns.pk])))
    assert english.splitlines()[0].startswith("unit,scale,respondents,response_rate,mean")
    page = client.get(reverse("monitor:results", args=[two_campaigns.pk])).content.decode()
    assert "columns separated by commas, decimal point" in page
    mona.language = "nl"
    mona.save(update_fields=["language"])
    page = client.get(reverse("monitor:results", args=[two_campaigns.pk])).content.decode()
    assert "?style=comma" in page
    dutch = _parsed(client.get(reverse("monitor:results_csv", args=[two_campaigns.pk])))
    assert dutch.splitlines()[0].startswith("unit;scale;respondents;response_rate;mean")
    english_rows = list(csv.reader(io.StringIO(english)))
    dutch_rows = list(csv.reader(io.StringIO(dutch), delimiter=";"))
    assert len(english_rows) == len(dutch_rows) > 1
    decimals = 0
    for en_row, nl_row in zip(english_rows[1:], dutch_rows[1:], strict=True):
        # The same figures, only with a decimal comma (the labels are in Dutch now).
        assert nl_row[2:9] == [value.replace(".", ",") for value in en_row[2:9]]
        decimals += sum("," in value for value in nl_row[2:9])
    assert decimals  # there were decimals to convert
    # The reader may ask for the other style.
    assert _parsed(client.get(reverse("monitor:results_csv", args=[two_campaigns.pk]) + "?style=comma")).startswith(
        "unit,scale"
    )


def test_the_csv_still_holds_nothing_the_stored_results_hide(org, two_campaigns, client, wim):
    client.force_login(wim)
    client.reauthenticate()  # the CSV asks for the password again
    wim.language = "da"
    wim.save(update_fields=["language"])
    rows = list(
        csv.DictReader(
            io.StringIO(_parsed(client.get(reverse("monitor:results_csv", args=[two_campaigns.pk])))), delimiter=";"
        )
    )
    stored = UnitResult.objects.filter(campaign=two_campaigns)
    hidden = {r.name for r in stored if not r.shown and r.unit_id is not None}
    assert all(not row["mean"] for row in rows if row["unit"] in hidden)
    assert {row["unit"] for row in rows if row["respondents"]} <= {r.name for r in stored if r.respondents} | {
        "Alle enheder"
    }


def test_a_unit_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(org, two_campaigns, client, wim):
    from accounts.models import OrganisationUnit

    OrganisationUnit.objects.filter(pk=org["team_a"].pk).update(name="=HYPERLINK(1)")
    UnitResult.objects.filter(unit=org["team_a"]).update(name="=HYPERLINK(1)")
    client.force_login(wim)
    client.reauthenticate()  # the CSV asks for the password again
    rows = list(csv.reader(io.StringIO(_parsed(client.get(reverse("monitor:results_csv", args=[two_campaigns.pk]))))))
    names = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names


def test_dashboard_pages_run_a_constant_number_of_queries(org, closed, client, wim):
    client.force_login(wim)
    counts = []
    for url in (
        reverse("monitor:results", args=[closed.pk]),
        reverse("monitor:results_unit", args=[closed.pk, org["north"].pk]),
        reverse("monitor:results_unit", args=[closed.pk, org["team_a"].pk]),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert max(counts) <= 16
    # More units and people do not add queries.
    more = people(org["team_b"], 7)
    second = campaign_make([org["national"]], name="Again", reminder_dates=[])
    for person in more:
        answer_as(person, second)
    services.campaign_close(campaign=second)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("monitor:results_unit", args=[second.pk, org["groningen"].pk]))
    assert len(queries) <= max(counts) + 1


def test_the_unit_page_has_a_summary_a_chart_with_a_table_and_comments(org, closed, client, wim):
    client.force_login(wim)
    page = client.get(reverse("monitor:results_unit", args=[closed.pk, org["team_a"].pk])).content.decode()
    assert "What gives the most energy here" in page
    assert 'id="monitor-chart"' in page and "monitor-chart-data" in page and "<table" in page
    assert "comment " in page


def _closed_over(org, teams, *, name, **dates):
    """A closed campaign over the whole organisation, where 12 people in each of `teams` answer
    (above the health minimum: every unit with answers shows its comments, one query however many)."""
    staff = [person for team in teams for person in people(team, 12)]
    campaign = campaign_make([org["national"]], name=name, reminder_dates=[], **dates)
    for person in staff:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    return campaign


def _dashboard_queries(client, campaign, org, team):
    counts = {}
    for name, url in {
        "organisation": reverse("monitor:results", args=[campaign.pk]),
        "region": reverse("monitor:results_unit", args=[campaign.pk, org["north"].pk]),
        "district": reverse("monitor:results_unit", args=[campaign.pk, org["groningen"].pk]),
        "team": reverse("monitor:results_unit", args=[campaign.pk, team.pk]),
        "whole": reverse("monitor:results_unit", args=[campaign.pk, "all"]),
    }.items():
        client.get(url)  # the first render may fill the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        sql = [q["sql"] for q in queries.captured_queries]
        comments = [q for q in sql if 'FROM "surveys_comment"' in q]
        assert len(comments) <= 1  # none where the health figures (and so comments) are hidden
        counts[name] = len(sql) - len(comments)
    return counts


def test_each_dashboard_page_runs_the_same_queries_for_one_unit_as_for_many(org, today, client, wim):
    # Comments are read in one query where the health figures are shown, none where they are
    # hidden (with one team, its district and region are hidden, as they would give it away):
    # that query is counted apart.
    one = _closed_over(org, [org["team_a"]], name="One team")
    many_teams = [org["team_a"], org["team_b"], org["team_c"]] + [
        unit_create(name=f"Team {n}", parent=org["groningen"]) for n in range(5)
    ]
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 9, 1, 10, 0)), tick=False):
        many = _closed_over(
            org, many_teams, name="Many teams", opens_on=dt.date(2026, 9, 1), closes_on=dt.date(2026, 9, 15)
        )
    assert (
        UnitResult.objects.filter(campaign=one, shown=True).count()
        < UnitResult.objects.filter(campaign=many, shown=True).count()
    )
    client.force_login(wim)
    few = _dashboard_queries(client, one, org, org["team_a"])
    lots = _dashboard_queries(client, many, org, org["team_a"])
    assert few == lots
    assert max(lots.values()) <= 11, lots
