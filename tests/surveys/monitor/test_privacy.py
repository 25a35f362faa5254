"""The minimum group and the minimum-difference rule, end to end: through close, the pages
and the CSV, on hand-made trees (the 12 = 1 + 6 + 5 attack) and across two campaigns."""

import csv
import datetime as dt
import io
import itertools

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.anonymity import Group, atoms
from surveys.monitor import privacy, services
from surveys.monitor.models import UnitResult

from .conftest import TODAY, answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


def shown_counts(campaign):
    """The respondent counts a reader sees (hidden where the response rate is hidden)."""
    return {
        r.unit_id: r.respondents
        for r in UnitResult.objects.filter(campaign=campaign, shown=True, respondents__isnull=False)
    }


def nested_differences(campaign, counts):
    """Every group size a reader gets by subtracting one shown count from one that contains it."""
    results = {r.unit_id: r for r in UnitResult.objects.filter(campaign=campaign)}
    sizes = set(counts.values())
    for a, b in itertools.permutations(counts, 2):
        inner = results[b]
        if a is None or (inner.path.startswith(results[a].path) and a != b):
            sizes.add(counts[a] - counts[b])
    return sizes


def read_csv(response) -> list[dict]:
    """The results CSV as a spreadsheet program reads it: a UTF-8 byte-order mark, then
    `,` and `.` (English) or `;` and `,` (Dutch, Danish). Figures come back with a `.`."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header = text[1:].splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))
    if delimiter == ";":
        figures = ("respondents", "response_rate", "mean", "green_pct", "amber_pct", "red_pct", "previous_mean")
        for row in rows:
            row.update({key: row[key].replace(",", ".") for key in figures})
    return rows


def attack_org(org):
    """Groningen: 1 person in the district itself, 6 in team A, 5 in team B (12 in all)."""
    staff = people(org["groningen"], 1) + people(org["team_a"], 6) + people(org["team_b"], 5)
    return staff


def test_the_12_beside_6_and_5_attack_is_stopped_on_the_stored_results(org, today):
    staff = attack_org(org)
    campaign = campaign_make([org["groningen"]])
    for person in staff:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    counts = shown_counts(campaign)
    assert org["groningen"].pk in counts and counts[org["groningen"].pk] == 12
    assert len({org["team_a"].pk, org["team_b"].pk} & set(counts)) == 1  # one team goes with the lone 1
    assert all(d == 0 or d >= 5 for d in nested_differences(campaign, counts))
    hidden = UnitResult.objects.get(campaign=campaign, shown=False, unit__in=[org["team_a"], org["team_b"]])
    # Stopped at launch already: the lone one reports together with a team, at the district.
    assert hidden.respondents is None and hidden.hidden_reason == privacy.REPORTED_ABOVE
    assert not hidden.scales.exclude(mean=None).exists()  # hidden numbers are not even stored


def test_the_csv_hides_the_same_and_says_why(org, today, client, mona):
    staff = attack_org(org)
    campaign = campaign_make([org["groningen"]])
    for person in staff:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    client.force_login(mona)
    client.reauthenticate()  # the CSV asks for the password again
    response = client.get(f"/monitor/c/{campaign.pk}/results.csv")
    assert response.status_code == 200
    rows = read_csv(response)
    counts = {}
    for row in rows:
        if row["respondents"]:
            counts.setdefault(row["unit"], int(row["respondents"]))
    # Mona herself is in the district and did not answer: "1 did not answer" must not
    # follow from the file, so the district's count is hidden with its rate.
    assert counts == {"Team A": 6}
    district = [r for r in rows if r["unit"] == "Groningen"]
    assert district and all(not r["respondents"] and not r["response_rate"] for r in district)
    assert any(r["mean"] for r in district)
    hidden_rows = [r for r in rows if r["unit"] in ("Team A", "Team B") and not r["respondents"]]
    assert hidden_rows and "counted with the unit above" in hidden_rows[0]["note"]
    # The page shows the same and says why in words.
    page = client.get(f"/monitor/c/{campaign.pk}/results/{org['groningen'].pk}/").content.decode()
    assert "counted with the unit above" in page


def test_two_campaigns_each_stay_safe_and_compare_only_shown_figures(org, today):
    staff = attack_org(org)
    first = campaign_make([org["groningen"]], name="Autumn")
    for person in staff:
        answer_as(person, first, value=25)
    services.campaign_close(campaign=first)
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 9, 1, 10, 0)), tick=False):
        second = campaign_make(
            [org["groningen"]],
            name="Spring",
            opens_on=dt.date(2026, 9, 1),
            closes_on=dt.date(2026, 9, 15),
            reminder_dates=[],
        )
        # This time team B answers fully, team A only five, nobody in the district itself.
        for person in staff[1:6] + staff[7:]:
            answer_as(person, second, value=75)
        services.campaign_close(campaign=second)
    for campaign in (first, second):
        counts = shown_counts(campaign)
        assert all(d == 0 or d >= 5 for d in nested_differences(campaign, counts))
    first_shown = set(shown_counts(first))
    for result in UnitResult.objects.filter(campaign=second, shown=True).prefetch_related("scales"):
        for scale in result.scales.all():
            if scale.previous_mean is not None:
                assert result.unit_id in first_shown or result.unit_id is None
                assert scale.previous_mean == pytest.approx(25.0, abs=50)
    district = UnitResult.objects.get(campaign=second, unit=org["groningen"])
    pace = district.scales.get(scale="work_pace")
    assert pace.mean == 75 and pace.previous_mean == 25


def test_a_response_rate_is_hidden_when_the_non_respondents_are_few(org, today):
    staff = people(org["team_a"], 8)
    campaign = campaign_make([org["team_a"]])
    for person in staff[:6]:
        answer_as(person, campaign)
    services.campaign_close(campaign=campaign)
    team = UnitResult.objects.get(campaign=campaign, unit=org["team_a"])
    assert team.shown and team.response_rate is None and team.rate_hidden_reason == privacy.RATE_TOO_FEW


def test_health_figures_and_comments_need_the_larger_group(org, today, client, wim):
    staff = people(org["team_a"], 10) + people(org["team_b"], 6)
    campaign = campaign_make([org["groningen"]])
    for person in staff:
        answer_as(person, campaign, comment="More colleagues on nights please")
    services.campaign_close(campaign=campaign)
    team_b = UnitResult.objects.get(campaign=campaign, unit=org["team_b"])
    assert team_b.shown and not team_b.health_shown
    assert team_b.scales.get(scale="burnout").mean is None
    assert team_b.scales.get(scale="work_pace").mean is not None
    client.force_login(wim)
    page = client.get(f"/monitor/c/{campaign.pk}/results/{org['team_b'].pk}/").content.decode()
    assert "More colleagues on nights" not in page
    assert "only for groups of at least 10" in page
    page = client.get(f"/monitor/c/{campaign.pk}/results/{org['groningen'].pk}/").content.decode()
    assert "More colleagues on nights" in page


@st.composite
def campaigns(draw):
    size = draw(st.integers(min_value=1, max_value=20))
    units = [(0, None)]
    for key in range(1, size):
        units.append((key, draw(st.integers(min_value=0, max_value=key - 1))))
    population = {key: draw(st.integers(0, 14)) for key, _p in units}
    respondents = {key: draw(st.integers(0, population[key])) for key in population}
    return units, respondents, population


def _safe(units, counts, shown, minimum):
    groups = [Group(k, p, counts.get(k, 0)) for k, p in units]
    return all(v == 0 or v >= minimum for v in atoms(groups, shown).values())


@settings(max_examples=200, deadline=None)
@given(campaigns(), st.integers(3, 6))
def test_every_set_a_campaign_shows_is_safe_for_random_trees(data, minimum):
    units, respondents, population = data
    units = privacy.with_whole(units)
    vis = privacy.campaign_visibility(units, respondents, population, minimum=minimum, health_minimum=2 * minimum)
    assert vis.health <= vis.shown and vis.rate <= vis.shown
    assert _safe(units, respondents, vis.shown, minimum)
    assert _safe(units, respondents, vis.health, 2 * minimum)
    non = {k: population.get(k, 0) - respondents.get(k, 0) for k, _p in units}
    assert _safe(units, non, vis.rate, minimum)
    scored = {k: v // 2 for k, v in respondents.items()}
    shown, _reasons = privacy.scale_visibility(units, scored, minimum=minimum, candidates=vis.shown)
    assert shown <= vis.shown and _safe(units, scored, shown, minimum)


def test_every_hidden_unit_has_a_reason_in_words():
    units = privacy.with_whole([("a", None), ("b", "a"), ("c", "a")])
    vis = privacy.campaign_visibility(
        units, {"a": 1, "b": 6, "c": 5}, {"a": 1, "b": 6, "c": 5}, minimum=5, health_minimum=10
    )
    for key in {"a", "b", "c", privacy.WHOLE} - vis.shown:
        assert privacy.reason_text(vis.reasons[key], minimum=5, health_minimum=10)
    assert TODAY  # the shared clock of this folder
