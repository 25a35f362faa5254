"""Who opens which unit's overview, and what each section shows: the monitor's stored
figures, open measures, incident follow-up counts only from the minimum, the "needs you
now" list; the navigation link; and the query count, constant with the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.navigation import links_for
from overview import sources
from peer_support.models import GroupMeeting, IncidentType
from peer_support.services.incidents import incident_register
from surveys.monitor import services as monitor_services
from surveys.monitor.models import Measure, UnitResult
from tests.factories import unit_create
from tests.surveys.monitor.conftest import answer_as, campaign_make

from .conftest import booked, freeze, people

pytestmark = pytest.mark.django_db


def url(unit=None):
    return reverse("overview:overview") + (f"?unit={unit.pk}" if unit is not None else "")


# --- Who opens what --------------------------------------------------------------------


def test_a_manager_opens_their_unit_and_the_units_below_it(client, org, mona):
    client.force_login(mona)
    start = client.get(reverse("overview:overview"))
    assert start.status_code == 200 and start.context["scope"].unit == org["groningen"]
    assert client.get(url(org["team_a"])).status_code == 200
    assert [u.name for u in start.context["scope"].choices] == ["Groningen", "Team A", "Team B"]


@pytest.mark.parametrize("unit", ["north", "national", "south", "team_c"])
def test_a_unit_the_manager_does_not_manage_answers_404_on_the_page_and_the_csv(client, org, mona, unit):
    client.force_login(mona)
    assert client.get(url(org[unit])).status_code == 404
    assert client.get(reverse("overview:csv"), {"unit": org[unit].pk}).status_code == 404


@pytest.mark.parametrize("key", ["x", "0", "99999999", "1e3"])
def test_a_unit_that_is_no_unit_answers_404(client, mona, key):
    client.force_login(mona)
    assert client.get(reverse("overview:overview"), {"unit": key}).status_code == 404


def test_a_manager_of_no_unit_opens_nothing(client, org, mona):
    mona.managed_units.clear()
    client.force_login(mona)
    assert client.get(reverse("overview:overview")).status_code == 404


def test_employees_and_staff_without_the_role_are_refused(client, org, alice, bob, petra, carol):
    for user in (alice, bob, petra, carol):
        client.force_login(user)
        assert client.get(reverse("overview:overview")).status_code == 403
        assert client.get(reverse("overview:csv")).status_code == 403


def test_the_wellbeing_officer_starts_at_the_whole_organisation_and_opens_any_unit(client, org, wim):
    client.force_login(wim)
    start = client.get(reverse("overview:overview"))
    assert start.context["scope"].unit == org["national"] and start.context["scope"].is_whole
    assert "(whole organisation)" in start.content.decode()
    for unit in org.values():
        assert client.get(url(unit)).status_code == 200


def test_the_navigation_links_the_overview_for_managers_and_the_officer_only(org, mona, wim, alice, bob):
    def names(user):
        return [link.url_name for link in links_for(user)]

    assert "overview:overview" in names(mona) and "overview:overview" in names(wim)
    assert "overview:overview" not in names(alice) and "overview:overview" not in names(bob)


# --- The sections ----------------------------------------------------------------------


@pytest.fixture
def closed_survey(org, mona):
    """A closed campaign where team A (12 answered) is shown and team B (3) is hidden."""
    staff_a, staff_b = people(org["team_a"], 12), people(org["team_b"], 3) + people(org["groningen"], 6)
    campaign = campaign_make([org["groningen"]], opens_on=timezone.localdate(), closes_on=timezone.localdate())
    for person in staff_a + staff_b:
        answer_as(person, campaign, value=100)
    monitor_services.campaign_close(campaign=campaign)
    return campaign


def test_the_survey_section_reads_what_close_stored_and_links_to_the_monitors_page(client, org, mona, closed_survey):
    client.force_login(mona)
    page = client.get(url(org["team_a"]))
    section = page.context["monitor"]
    stored = UnitResult.objects.get(campaign=closed_survey, unit=org["team_a"])
    assert section["result"] == stored
    assert section["url"] == reverse("monitor:results_unit", args=[closed_survey.pk, org["team_a"].pk])
    assert page.content.decode().count(section["url"]) >= 1
    # Answers of 100 on every question: the burdens are in a worrying band.
    assert section["attention"] and all(not c["hidden"] for c in section["attention"])
    hidden = client.get(url(org["team_b"])).context["monitor"]
    assert hidden["result"].shown is False and hidden["hidden_reason"]
    assert "attention" not in hidden


def test_open_measures_are_listed_with_their_due_dates_and_the_overdue_ones_need_the_manager(client, org, mona):
    today = timezone.localdate()
    Measure.objects.create(
        unit=org["team_a"], scale="workload", action="Fewer night shifts", owner="Chief", due_on=today - dt.timedelta(1)
    )
    Measure.objects.create(
        unit=org["team_b"], scale="workload", action="Quiet room", owner="Chief", due_on=today + dt.timedelta(60)
    )
    Measure.objects.create(
        unit=org["team_c"], scale="workload", action="Not ours", owner="Chief", due_on=today - dt.timedelta(1)
    )
    Measure.objects.create(
        unit=org["team_a"],
        scale="workload",
        action="Finished thing",
        owner="Chief",
        due_on=today,
        status=Measure.Status.DONE,
    )
    client.force_login(mona)
    page = client.get(url())
    html = page.content.decode()
    assert [m["measure"].action for m in page.context["measures"]] == ["Fewer night shifts", "Quiet room"]
    assert "Not ours" not in html and "Finished thing" not in html
    assert [n["text"] for n in page.context["needs"]] == ["Measure overdue: Fewer night shifts"]


def test_incident_counts_appear_only_from_the_minimum_and_an_unplanned_group_meeting_needs_the_registrant(
    client, org, mona, alice, settings
):
    now = timezone.now()
    small = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=now - dt.timedelta(hours=2),
        unit=org["team_a"],
        people=[alice] + people(org["team_a"], 2),
        now=now,
    )
    large = incident_register(
        registered_by=mona,
        incident_type=IncidentType.VIOLENCE,
        occurred_at=now - dt.timedelta(hours=3),
        unit=org["team_b"],
        people=people(org["team_b"], 10),
        now=now,
    )
    client.force_login(mona)
    page = client.get(url())
    rows = {incident.pk: incident for incident in page.context["incidents"]["incidents"]}
    assert rows[small.pk].counts_shown is False and rows[small.pk].steps_due is None
    assert rows[large.pk].counts_shown is True and rows[large.pk].steps_done == 0
    html = page.content.decode()
    assert "Hidden: too few colleagues involved." in html
    wants_meeting = [i for i in rows.values() if i.wants_meeting]
    needs = [n["text"] for n in page.context["needs"]]
    assert len([t for t in needs if t.startswith("Plan the group meeting")]) == len(wants_meeting)
    csv = client.get(reverse("overview:csv")).content.decode()
    assert f"{small.occurred_at:%Y-%m-%d}" in csv and "steps due" in csv and "Violence" in csv


def test_the_csv_reads_in_the_readers_language_with_no_codes(client, org, mona):
    mona.language = "nl"
    mona.save(update_fields=["language"])
    now = timezone.now()
    incident_register(
        registered_by=mona,
        incident_type=IncidentType.VIOLENCE,
        occurred_at=now - dt.timedelta(hours=3),
        unit=org["team_b"],
        people=people(org["team_b"], 10),
        now=now,
    )
    freeze()
    client.force_login(mona)
    lines = client.get(reverse("overview:csv")).content.decode().lstrip("\ufeff").splitlines()
    assert lines[0] == "onderdeel,eenheid,onderwerp,periode,waarde,toelichting"
    text = "\n".join(lines[1:])
    assert "Geweld of bedreiging tegen personeel" in text and "violence" not in text
    assert ": stappen gedaan" in text and ": stappen te doen" in text and ": stappen te laat" in text
    usage = [line.split(",") for line in lines if line.startswith("gebruik,")]
    assert {row[2] for row in usage} == {"Check-ups", "Collegiale ondersteuning"}
    assert "steps" not in text and "peer_support" not in text and "checkups" not in text


def test_without_the_trainings_app_the_page_has_no_training_section(client, org, mona, monkeypatch):
    # As on a deployment without the app: the seam asks `apps.is_installed("trainings")`.
    monkeypatch.setattr(sources.apps, "is_installed", lambda name: name != "trainings")
    client.force_login(mona)
    page = client.get(url())
    assert page.status_code == 200
    assert page.context["training"] is None and page.context["training_needs"] == []
    assert 'id="training-h"' not in page.content.decode()


# --- Queries ---------------------------------------------------------------------------


def test_the_overview_takes_the_same_number_of_queries_for_one_row_and_for_many(
    client, org, mona, django_assert_max_num_queries
):
    now = timezone.now()

    def rows(n):
        for i in range(n):
            unit = unit_create(name=f"Squad {n}-{i}", parent=org["groningen"])
            staff = people(unit, 2)
            booked(staff)
            Measure.objects.create(unit=unit, scale="workload", action=f"M{i}", owner="C", due_on=now.date())
            incident_register(
                registered_by=mona,
                incident_type=IncidentType.OTHER,
                occurred_at=now - dt.timedelta(hours=i + 1),
                unit=unit,
                people=staff,
                now=now,
            )

    client.force_login(mona)
    rows(1)
    freeze()
    client.get(url())

    with CaptureQueriesContext(connection) as one:
        assert client.get(url()).status_code == 200
    rows(8)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url())
    assert len(page.context["measures"]) == 9 and len(page.context["scope"].choices) == 12


def test_an_incident_whose_protocol_calls_for_a_group_meeting_needs_the_registrant_until_one_is_planned(
    client, org, mona, alice, settings
):
    settings.PEER_SUPPORT_DEFAULT_PROTOCOL = "estip"  # outreach, group meeting, check-in, ...
    now = timezone.now()
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=now - dt.timedelta(hours=2),
        unit=org["team_a"],
        people=[alice],
        now=now,
    )
    assert incident.protocol.code == "estip"
    client.force_login(mona)
    (need,) = client.get(url()).context["needs"]
    assert need["text"].startswith("Plan the group meeting after the incident of")
    assert need["url"] == incident.get_absolute_url()
    GroupMeeting.objects.create(
        incident=incident,
        kind=GroupMeeting.Kind.DEFUSING,
        starts_at=now + dt.timedelta(days=1),
        place="HQ",
        leader=mona,
    )
    assert client.get(url()).context["needs"] == []


def test_an_incident_left_without_any_follow_up_plan_is_on_the_list(client, org, mona, alice):
    now = timezone.now()
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=now - dt.timedelta(hours=2),
        unit=org["team_a"],
        people=[alice],
        now=now,
    )
    incident.plans.all().delete()  # as when the one person involved left and was erased
    client.force_login(mona)
    (need,) = client.get(url()).context["needs"]
    assert need["text"].startswith("No follow-up plan for the incident of")
