"""Setting up a campaign: names in the three languages, reminder dates with date pickers
(several, without JavaScript), and the population as a tree of units."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.monitor.models import Campaign
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
    page = client.get("/monitor/campaigns/new/").content.decode()
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

    response = client.post("/monitor/campaigns/new/", _form(org))
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/monitor/campaigns/{campaign.pk}/"
    assert campaign.reminder_dates == ["2026-03-09", "2026-03-16"]  # sorted, empty ones dropped
    assert set(campaign.units.all()) == {org["groningen"], org["team_c"]}
    assert (campaign.name, campaign.name_nl, campaign.name_da) == (
        "Spring survey",
        "Voorjaarsonderzoek",
        "Forårsundersøgelse",
    )

    # Editing shows the saved dates in their pickers, one empty picker more, and the checked
    # units with their branch open.
    page = client.get(f"/monitor/campaigns/{campaign.pk}/edit/").content.decode()
    assert 'value="2026-03-09"' in page and 'value="2026-03-16"' in page
    assert len(re.findall(r'<input type="date"[^>]*name="reminder_dates"', page)) == 3
    assert f'value="{org["team_c"].pk}" id="id_units_{org["team_c"].pk}" checked' in page
    assert f'value="{org["team_a"].pk}" id="id_units_{org["team_a"].pk}">' in page
    eindhoven = page.index("1 unit under Eindhoven")
    assert page.rindex("<details", 0, eindhoven) == page.rindex('<details class="ms-4" open', 0, eindhoven)


def test_wrong_dates_are_explained_next_to_the_field_and_at_the_top(org, today, client, wim):
    client.force_login(wim)
    page = client.post(
        "/monitor/campaigns/new/", _form(org, reminder_dates=["2026-04-30"], name="", name_nl="", name_da="")
    ).content.decode()
    assert "Reminder dates must fall between the opening and closing dates." in page
    assert "Give the campaign a name in at least one language." in page
    assert 'href="#fieldset_reminder_dates"' in page and 'id="reminders_error"' in page
    assert not Campaign.objects.exists()


def test_the_set_up_page_reads_the_tree_in_one_query_however_many_units(org, today, client, wim):
    client.force_login(wim)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/monitor/campaigns/new/").status_code == 200
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
    assert "Voorjaarsonderzoek" in client.get("/monitor/").content.decode()
    alice.language = "da"
    alice.save(update_fields=["language"])
    assert "Spring survey" in client.get(f"/monitor/c/{campaign.pk}/").content.decode()  # no Danish name: English
    only_dutch = Campaign(name="", name_nl="Alleen Nederlands")
    assert only_dutch.name_in("en") == only_dutch.name_in("da") == "Alleen Nederlands"
