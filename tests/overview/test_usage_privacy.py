"""The use of check-ups and peer support per quarter: counts only where the monitor's rules
(`surveys.anonymity`) allow, frozen once a quarter is over, on the page and in the CSV."""

import datetime as dt

import pytest
from django.urls import reverse

from overview.models import UsageFigure, UsageKind, UsageQuarter
from overview.privacy import TOO_FEW, TOO_MANY, usage_visibility
from overview.services import usage_quarter_freeze
from surveys.anonymity import Group, atoms

from .conftest import LAST_QUARTER, asked, booked, freeze, people

pytestmark = pytest.mark.django_db

TREE = [("g", None), ("a", "g"), ("b", "g")]


def figure(unit, kind=UsageKind.CHECKUPS, quarter=LAST_QUARTER):
    return UsageFigure.objects.get(unit=unit, kind=kind, quarter__starts_on=quarter)


def page(client, user, unit):
    client.force_login(user)
    return client.get(reverse("overview:overview"), {"unit": unit.pk})


def csv_text(client, unit):
    return client.get(reverse("overview:csv"), {"unit": unit.pk}).content.decode()


@pytest.mark.parametrize("used", [1, 2, 3, 4])
def test_a_small_group_of_users_is_hidden_however_large_the_unit(used):
    totals, reasons = usage_visibility(TREE, {"a": used}, {"g": 2, "a": 30, "b": 30}, minimum=10)
    assert "a" not in totals and "g" not in totals
    assert reasons["a"] == TOO_FEW


def test_a_count_of_nearly_everyone_is_hidden_because_it_would_say_it_of_each_of_them():
    totals, reasons = usage_visibility(TREE, {"a": 11}, {"a": 12, "b": 30, "g": 10}, minimum=10)
    assert "a" not in totals
    assert reasons["a"] == TOO_MANY


def test_the_parent_minus_the_child_is_never_a_group_below_the_minimum():
    # 12 = 1 in the district itself + 11 in team a: showing both would give away the one.
    users, population = {"g": 1, "a": 11}, {"g": 20, "a": 30, "b": 30}
    totals, _reasons = usage_visibility(TREE, users, population, minimum=10)
    assert not {"g", "a"} <= set(totals)
    tree = [Group(key, parent, users.get(key, 0)) for key, parent in TREE]
    assert all(size == 0 or size >= 10 for size in atoms(tree, set(totals)).values())


@pytest.mark.parametrize("size", [2, 3, 4])
def test_a_small_team_that_all_booked_shows_no_number_on_the_page_or_in_the_csv(client, org, mona, today, size):
    team = org["team_a"]
    users = people(team, size)
    people(team, 12)  # the rest of the team, who did not
    booked(users)
    asked(users)
    freeze()
    assert figure(team).people is None and figure(team, UsageKind.PEER_SUPPORT).people is None
    assert figure(org["groningen"]).people is None
    response = page(client, mona, org["groningen"])
    usage = response.content.decode().split('id="usage-h"')[1].split("</section>")[0]
    assert f">{size}<" not in usage
    assert "Hidden: fewer than 10 people" in usage
    rows = [line.split(",") for line in csv_text(client, org["groningen"]).splitlines() if line.startswith("usage")]
    assert rows and all(row[4] == "" for row in rows)


def test_a_district_and_its_team_never_show_counts_that_differ_by_fewer_than_the_minimum(client, org, mona, today):
    """The difference attack: 1 person of the district itself and 11 of team A booked."""
    people(org["groningen"], 15)
    people(org["team_a"], 15)
    people(org["team_b"], 15)
    booked(people(org["groningen"], 1) + people(org["team_a"], 11))
    freeze()
    shown = {unit: figure(org[unit]).people for unit in ("groningen", "team_a", "team_b")}
    visible = {unit: n for unit, n in shown.items() if n is not None}
    assert not ("groningen" in visible and "team_a" in visible)
    csv = csv_text_for(client, mona, org["groningen"])
    figures = {row[1]: row[4] for row in csv if row[2] == "Check-ups"}
    assert not (figures.get("Groningen") and figures.get("Team A"))


def csv_text_for(client, user, unit):
    client.force_login(user)
    return [line.split(",") for line in csv_text(client, unit).splitlines() if line.startswith("usage")]


def test_large_enough_groups_are_shown_on_the_page_and_in_the_csv(client, org, mona, today):
    people(org["groningen"], 12)
    people(org["team_a"], 12)
    people(org["team_b"], 12)
    booked(people(org["team_a"], 11) + people(org["team_b"], 10))
    freeze()
    assert figure(org["team_a"]).people == 11
    assert figure(org["team_b"]).people == 10
    assert figure(org["groningen"]).people == 21
    response = page(client, mona, org["groningen"])
    assert response.status_code == 200
    assert response.context["usage_chart"]["series"][0]["data"][-1] == 21
    rows = csv_text_for(client, mona, org["groningen"])
    assert ["usage", "Team A", "Check-ups", "2026 Q1", "11", ""] in rows


def test_the_running_quarter_is_never_counted(org, today):
    people(org["team_a"], 12)
    booked(people(org["team_a"], 11), quarter=dt.date(2026, 4, 1))
    freeze()
    assert not UsageQuarter.objects.filter(starts_on=dt.date(2026, 4, 1)).exists()
    with pytest.raises(ValueError):
        usage_quarter_freeze(starts_on=dt.date(2026, 4, 1))


def test_a_frozen_quarter_does_not_change_when_someone_moves_to_another_unit_later(org, today):
    people(org["team_a"], 12)
    people(org["team_b"], 12)
    people(org["groningen"], 12)
    users = people(org["team_a"], 11)
    booked(users)
    freeze()
    assert figure(org["team_a"]).people == 11
    users[0].unit = org["team_b"]
    users[0].save()
    assert freeze() == 0  # a frozen quarter is never counted again
    assert figure(org["team_a"]).people == 11
    assert UsageFigure.objects.filter(unit=org["team_a"], kind=UsageKind.CHECKUPS).count() == 4


def test_freezing_twice_makes_one_set_of_figures(org, today):
    assert freeze() == 4
    count = UsageFigure.objects.count()
    assert freeze() == 0
    assert usage_quarter_freeze(starts_on=LAST_QUARTER) is None
    assert UsageFigure.objects.count() == count
