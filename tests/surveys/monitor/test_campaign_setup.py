"""Setting up a campaign: names in the three languages, reminder dates with date pickers
(several, without JavaScript), and the population as a tree of units."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import OutboxMessage
from surveys.monitor import selectors
from surveys.monitor.models import Campaign
from tests.caches import caches_warm
from tests.factories import unit_create

from .conftest import campaign_make

pytestmark = pytest.mark.django_db


def _form(org, **overrides):
    data = {
        "name": "Spring survey",
        "name_nl": "Voorjaarsonderzoek",
        "name_da": "Forårsundersøgelse",
        "parts": ["copsoq3", "organisation"],
        "free_text": "on",
        "units": [org["groningen"].pk, org["team_c"].pk],
        "opens_on": "2026-03-02",
        "closes_on": "2026-03-20",
        "reminder_dates": ["2026-03-16", "", "2026-03-09"],
        "min_group": 5,
        "min_group_health": 10,
    }
    data.update(overrides)
    return data


def test_the_officer_sets_up_a_campaign_with_date_pickers_and_a_unit_tree(org, today, client, wim):
    client.force_login(wim)
    page = client.get(reverse("monitor:campaign_create")).content.decode()
    # Three empty date pickers for reminders, each with its own label, in a fieldset.
    assert len(re.findall(r'<input type="date"[^>]*name="reminder_dates"', page)) == 3
    assert '<label class="form-label small mb-1" for="id_reminder_dates_0">Reminder 1</label>' in page
    assert '<legend class="fs-6 fw-semibold">Reminder dates</legend>' in page
    assert 'type="date"' in page.split('name="opens_on"')[0].rsplit("<input", 1)[1]
    # The population follows the organisation tree: nested lists with a legend.
    assert '<legend class="fs-6 fw-semibold">Population<span' in page
    tree = page[page.index('<ul class="unit-tree') :]
    national, north, groningen, team_a = (
        tree.index(f'value="{org[k].pk}"') for k in ("national", "north", "groningen", "team_a")
    )
    assert national < north < groningen < team_a
    depth = lambda at: tree[:at].count("<ul") - tree[:at].count("</ul>")  # noqa: E731
    assert depth(national) < depth(north) < depth(groningen) < depth(team_a)
    assert "2 units under National" in tree and "2 units under Groningen" in tree
    # Names in three languages.
    for field in ("name", "name_nl", "name_da"):
        assert f'name="{field}"' in page

    response = client.post(reverse("monitor:campaign_create"), _form(org))
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("monitor:campaign", args=[campaign.pk])
    assert campaign.reminder_dates == ["2026-03-09", "2026-03-16"]  # sorted, empty ones dropped
    assert set(campaign.units.all()) == {org["groningen"], org["team_c"]}
    assert (campaign.name, campaign.name_nl, campaign.name_da) == (
        "Spring survey",
        "Voorjaarsonderzoek",
        "Forårsundersøgelse",
    )

    # Editing shows the saved dates in their pickers, one empty picker more, and the checked
    # units with their branch open.
    page = client.get(reverse("monitor:campaign_edit", args=[campaign.pk])).content.decode()
    assert 'value="2026-03-09"' in page and 'value="2026-03-16"' in page
    assert len(re.findall(r'<input type="date"[^>]*name="reminder_dates"', page)) == 3
    assert f'value="{org["team_c"].pk}" id="id_units_{org["team_c"].pk}" checked' in page
    assert f'value="{org["team_a"].pk}" id="id_units_{org["team_a"].pk}">' in page
    eindhoven = page.index("1 unit under Eindhoven")
    assert page.rindex("<details", 0, eindhoven) == page.rindex('<details class="ms-4" open', 0, eindhoven)


def test_wrong_dates_are_explained_next_to_the_field_and_at_the_top(org, today, client, wim):
    client.force_login(wim)
    page = client.post(
        reverse("monitor:campaign_create"), _form(org, reminder_dates=["2026-04-30"], name="", name_nl="", name_da="")
    ).content.decode()
    assert "Reminder dates must fall between the opening and closing dates." in page
    assert "Give the campaign a name in at least one language." in page
    assert 'href="#fieldset_reminder_dates"' in page and 'id="reminders_error"' in page
    assert not Campaign.objects.exists()


def test_the_set_up_page_reads_the_tree_in_one_query_however_many_units(org, today, client, wim):
    client.force_login(wim)

    def count():
        caches_warm()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitor:campaign_create")).status_code == 200
        return len(queries)

    before = count()
    for n in range(40):
        unit_create(name=f"Team G{n}", parent=org["groningen"])
    assert count() == before


def test_a_campaign_shows_its_name_in_the_readers_language_with_a_fallback(org, today, client, alice):
    campaign = campaign_make([org["team_a"]], name="Spring survey", name_nl="Voorjaarsonderzoek", name_da="")
    client.force_login(alice)
    alice.language = "nl"
    alice.save(update_fields=["language"])
    assert "Voorjaarsonderzoek" in client.get(reverse("monitor:home")).content.decode()
    alice.language = "da"
    alice.save(update_fields=["language"])
    assert (
        "Spring survey" in client.get(reverse("monitor:intro", args=[campaign.pk])).content.decode()
    )  # no Danish name: English
    only_dutch = Campaign(name="", name_nl="Alleen Nederlands")
    assert only_dutch.name_in("en") == only_dutch.name_in("da") == "Alleen Nederlands"


def test_the_officer_creates_and_launches_a_campaign_with_clear_errors(
    org, today, client, wim, alice, django_capture_on_commit_callbacks
):
    client.force_login(wim)
    bad = client.post(
        reverse("monitor:campaign_create"),
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
        reverse("monitor:campaign_create"),
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
    assert good["Location"] == reverse("monitor:campaign", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the launch task runs (eagerly)
        client.post(reverse("monitor:campaign_launch", args=[campaign.pk]), {"confirm": "1"})
    campaign.refresh_from_db()
    assert campaign.is_open and OutboxMessage.objects.filter(recipient=alice, template="monitor_invitation").exists()


@pytest.mark.parametrize(("low", "high"), [(3, 10), (4, 4), (5, 9)])
def test_the_minimum_groups_never_go_below_5_and_10(org, today, client, wim, low, high, settings):
    client.force_login(wim)
    response = client.post(
        reverse("monitor:campaign_create"),
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
