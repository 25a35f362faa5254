"""Registering an incident: colleagues are picked by searching for a name or a unit, among
the people the manager may register for, without JavaScript as well as with htmx."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from peer_support.models import CriticalIncident
from tests.caches import caches_warm
from tests.factories import UserFactory

URL = reverse("peer_support:incident_create")
FIELDS = {
    "incident_type": "traffic",
    "occurred_at": "2026-01-05T10:00",
    "description": "Collision at the crossing.",
}


def chosen(page: str) -> set[int]:
    block = page.split('id="people-chosen"', 1)[1]
    return {int(pk) for pk in re.findall(r'<input type="hidden" name="people" value="(\d+)">', block)}


def offered(page: str) -> set[int]:
    block = page.split('id="people-results"', 1)[1].split('id="people-chosen"', 1)[0]
    return {int(pk) for pk in re.findall(r'name="add" value="(\d+)"', block)}


@pytest.fixture
def form(alice):
    return {**FIELDS, "unit": alice.unit.pk}


def test_nobody_is_listed_until_you_search(client, mona, org):
    for _ in range(30):
        UserFactory(unit=org["team_a"], roles=[Role.EMPLOYEE])
    client.force_login(mona)
    page = client.get(URL).content.decode()
    assert offered(page) == set() and chosen(page) == set()
    assert "Nobody chosen yet." in page and 'name="q"' in page


def test_without_javascript_a_manager_searches_adds_removes_and_registers(client, mona, alice, bob, form):
    client.force_login(mona)
    page = client.post(URL, {**form, "q": "ali", "search": "1"}).content.decode()
    assert offered(page) == {alice.pk} and chosen(page) == set()
    assert "Collision at the crossing." in page and 'value="2026-01-05T10:00"' in page  # nothing typed is lost
    assert "Please check the fields" not in page and not CriticalIncident.objects.exists()

    page = client.post(URL, {**form, "q": "ali", "add": alice.pk}).content.decode()
    assert chosen(page) == {alice.pk} and offered(page) == set()  # added, so no longer offered
    page = client.post(URL, {**form, "q": "bob", "people": [alice.pk], "search": "1"}).content.decode()
    page = client.post(URL, {**form, "q": "bob", "people": [alice.pk], "add": bob.pk}).content.decode()
    assert chosen(page) == {alice.pk, bob.pk}
    page = client.post(URL, {**form, "q": "bob", "people": [alice.pk, bob.pk], "remove": bob.pk}).content.decode()
    assert chosen(page) == {alice.pk} and offered(page) == {bob.pk}

    response = client.post(URL, {**form, "people": [alice.pk]})
    incident = CriticalIncident.objects.get()
    assert response["Location"] == reverse("peer_support:incident_detail", args=[incident.pk])
    assert list(incident.plans.values_list("person", flat=True)) == [alice.pk]


def test_a_unit_finds_its_people_and_all_of_them_can_be_added_at_once(client, mona, alice, bob, org, form):
    # Alice works in "Team A": a made-up surname such as "Bell" would let "team b" find her too.
    alice.last_name = "Visser"
    alice.save(update_fields=["last_name"])
    team_b = [bob] + [UserFactory(unit=org["team_b"], roles=[Role.EMPLOYEE]) for _ in range(3)]
    client.force_login(mona)
    page = client.post(URL, {**form, "q": "team b", "search": "1"}).content.decode()
    assert offered(page) == {person.pk for person in team_b}
    page = client.post(URL, {**form, "q": "team b", "people": [alice.pk], "add_all": "1"}).content.decode()
    assert chosen(page) == {alice.pk} | {person.pk for person in team_b}


def test_registering_without_anyone_says_so_next_to_the_picker(client, mona, form):
    client.force_login(mona)
    page = client.post(URL, form).content.decode()
    assert "Choose at least one colleague who was involved." in page and 'id="people-errors"' in page
    assert not CriticalIncident.objects.exists()


def test_the_manager_finds_and_names_only_colleagues_of_the_units_they_may_register_for(
    client, mona, alice, bob, charlie, form
):
    type(alice).objects.filter(pk__in=[alice.pk, bob.pk]).update(last_name="Smit")  # no name begins with "c"
    client.force_login(mona)
    assert offered(client.post(URL, {**form, "q": "charlie", "search": "1"}).content.decode()) == set()
    assert offered(client.post(URL, {**form, "q": "team c", "search": "1"}).content.decode()) == set()
    page = client.post(URL, {**form, "add": charlie.pk}).content.decode()
    assert chosen(page) == set()  # an id sent by hand is not taken either
    page = client.post(URL, {**form, "people": [alice.pk, charlie.pk]}).content.decode()
    assert "You cannot name this colleague here." in page
    assert not CriticalIncident.objects.exists()


def test_a_coordinator_finds_the_people_of_their_region(client, carol, alice, charlie, form):
    client.force_login(carol)
    assert offered(client.post(URL, {**form, "q": "alice", "search": "1"}).content.decode()) == {alice.pk}
    assert offered(client.post(URL, {**form, "q": "charlie", "search": "1"}).content.decode()) == set()


def test_htmx_gets_the_same_page_whose_picker_parts_it_swaps(client, mona, alice, form):
    client.force_login(mona)
    page = client.post(URL, {**form, "q": "ali", "search": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert offered(page) == {alice.pk}
    assert 'hx-target="#people-results"' in page and 'hx-select-oob="#people-chosen"' in page
    assert "htmx.min.js" in page


def test_searching_takes_the_same_number_of_queries_for_5_or_50_matches(client, mona, org, form):
    def count():
        caches_warm()
        with CaptureQueriesContext(connection) as queries:
            assert client.post(URL, {**form, "q": "Searchable", "search": "1"}).status_code == 200
        return len(queries)

    client.force_login(mona)
    for _ in range(5):
        UserFactory(first_name="Searchable", unit=org["team_a"], roles=[Role.EMPLOYEE])
    few = count()
    for _ in range(45):
        UserFactory(first_name="Searchable", unit=org["team_b"], roles=[Role.EMPLOYEE])
    page = client.post(URL, {**form, "q": "Searchable", "search": "1"}).content.decode()
    assert len(offered(page)) == 25 and "Only the first ones are shown" in page
    assert count() == few


@pytest.mark.parametrize("query", ["a\x00b", "x" * 5000])
def test_a_search_no_name_can_hold_finds_nobody_instead_of_failing(client, carol, query):
    client.force_login(carol)
    response = client.post(reverse("peer_support:incident_create"), {"q": query, "search": "1"})
    assert response.status_code == 200
    response = client.get(reverse("peer_support:incident_create"), {"q": query})
    assert response.status_code == 200
