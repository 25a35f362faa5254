"""The wellbeing officer's statistics: counts per band per month, small groups hidden."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.engine import score
from surveys.models import SelfTestStatistic
from surveys.selectors import iso_week_month, selftest_get, statistics_tables, suppress

WHO5_GOOD = {"q1": "5", "q2": "4", "q3": "4", "q4": "3", "q5": "4"}

pytestmark = pytest.mark.usefixtures("instruments")


def add(instrument, band, week, count):
    SelfTestStatistic.objects.bulk_create(
        [SelfTestStatistic(instrument=instrument, band=band, iso_week=week) for _ in range(count)]
    )


def test_counts_below_the_minimum_are_hidden_and_so_is_a_total_that_would_reveal_them():
    assert suppress([12, 3, 0, 15], 10) == ([12, None, None, 15], None)  # 30 - 27 = 3 would leak
    assert suppress([12, 0, 0, 15], 10) == ([12, None, None, 15], 27)  # hidden cells sum to 0
    assert suppress([12, 6, 5, 15], 10) == ([12, None, None, 15], 38)  # hidden sum 11: no single cell
    assert suppress([4, 3], 10) == ([None, None], None)


def test_a_week_counts_in_the_month_of_its_thursday():
    assert iso_week_month("2026-W01") == dt.date(2026, 1, 1)  # Thu 1 January 2026
    assert iso_week_month("2026-W05") == dt.date(2026, 1, 1)  # Mon 26 Jan - Sun 1 Feb, Thursday 29 January
    assert iso_week_month("2026-W40") == dt.date(2026, 10, 1)  # Mon 28 Sep, Thursday 1 October


def test_the_table_counts_per_band_per_month_for_the_whole_organisation():
    add("phq9", "minimal", "2026-W45", 7)
    add("phq9", "minimal", "2026-W46", 6)
    add("phq9", "mild", "2026-W46", 11)
    add("phq9", "severe", "2026-W47", 2)
    add("phq9", "moderate", "2026-W40", 10)
    table = next(t for t in statistics_tables(today=dt.date(2026, 12, 10)) if t.instrument.key == "phq9")
    by_month = {row.month: row for row in table.rows}
    november = by_month[dt.date(2026, 11, 1)]
    assert november.cells == [13, 11, None, None, None]
    assert november.total is None  # 26 - 24 = 2 severe would show
    october = by_month[dt.date(2026, 10, 1)]
    assert october.cells == [None, None, 10, None, None]
    assert october.total == 10


@time_machine.travel("2026-12-10 12:00+01:00")
def test_the_officer_sees_the_table_with_the_reason_for_hidden_numbers(client, wim):
    add("who5", "good", "2026-W46", 12)
    add("who5", "low", "2026-W46", 4)
    client.force_login(wim)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("surveys:statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "numbers below 10 are hidden" in html
    assert "Only months that have ended are shown" in html
    assert "hidden, fewer than 10" in html
    assert "<td>12</td>" in html
    assert "<td>4</td>" not in html
    statistics_queries = [q for q in queries.captured_queries if "surveys_" in q["sql"]]
    assert len(statistics_queries) <= 3


@time_machine.travel("2026-12-10 12:00+01:00")
def test_the_minimum_group_is_a_setting(client, wim, settings):
    settings.SELFTEST_MIN_GROUP = 3
    add("who5", "low", "2026-W46", 4)
    client.force_login(wim)
    assert "<td>4</td>" in client.get(reverse("surveys:statistics")).content.decode()


def test_the_last_completed_month_is_the_one_before_the_running_weeks_month():
    from surveys.selectors import last_completed_month

    # Mon 30 Nov 2026 starts W49, whose Thursday is 3 December: November is complete.
    assert last_completed_month(dt.date(2026, 11, 30)) == dt.date(2026, 11, 1)
    # Sun 29 Nov 2026 is still in W48 (Thursday 26 November): November is running.
    assert last_completed_month(dt.date(2026, 11, 29)) == dt.date(2026, 10, 1)
    # Thu 1 Jan 2026 is in W01 of 2026 (its Thursday): December 2025 is complete.
    assert last_completed_month(dt.date(2026, 1, 1)) == dt.date(2025, 12, 1)
    # Mon 2 Feb 2026 is in W06 (Thursday 5 February); W05 ended on Sunday 1 February.
    assert last_completed_month(dt.date(2026, 2, 2)) == dt.date(2026, 1, 1)


def test_a_test_taken_this_week_does_not_change_the_page_until_its_month_is_over(client, wim):
    """Two page views a few minutes apart must not differ by one person's test."""
    from surveys.services import statistic_record

    add("who5", "good", "2026-W47", 9)  # earlier in November: nine, hidden
    client.force_login(wim)

    def page():
        html = client.get(reverse("surveys:statistics")).content.decode()
        return html[html.index("<main") : html.index("</main>")]  # the header's CSRF token changes

    with time_machine.travel("2026-11-25 09:00+01:00"):  # Wednesday of W48, November's last week
        before = page()
        assert "November 2026" not in before
        result = score(selftest_get("who5"), WHO5_GOOD)
        statistic_record(result=result)  # the tenth: would make the count visible
        assert page() == before
    with time_machine.travel("2026-11-29 23:30+01:00"):  # Sunday evening: the week is not over
        assert page() == before
    with time_machine.travel("2026-11-30 00:30+01:00"):  # Monday: November is complete
        after = page()
    assert "November 2026" in after and "<td>10</td>" in after


@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "petra", "mona", "connie"])
def test_no_one_but_the_wellbeing_officer_sees_the_statistics(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("surveys:statistics")).status_code == 403


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("surveys:statistics"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_old_statistics_are_deleted_by_the_retention_rule(settings):
    from core.retention import _RULES
    from surveys.retention import delete_old_selftest_statistics

    assert _RULES["surveys.selftest_statistics"] is delete_old_selftest_statistics
    settings.SELFTEST_STATISTICS_RETENTION_WEEKS = 52
    add("who5", "good", "2024-W10", 3)
    add("who5", "good", "2026-W40", 3)
    now = dt.datetime(2026, 11, 25, 3, 17, tzinfo=dt.UTC)
    assert delete_old_selftest_statistics(now) == 3
    assert list(SelfTestStatistic.objects.values_list("iso_week", flat=True).distinct()) == ["2026-W40"]
