"""Who may open which monitor page: the role at the door (403), whose campaign or unit it
is in the access helpers (404), and results only after close."""

import pytest
from django.urls import reverse

from surveys.monitor.models import Participation

from .conftest import answer_as, campaign_make, people

pytestmark = pytest.mark.django_db


def test_someone_not_invited_gets_404(org, today, client, charlie):
    campaign = campaign_make([org["team_a"]])
    client.force_login(charlie)
    assert client.get(reverse("monitor:intro", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("monitor:answer", args=[campaign.pk, 1])).status_code == 404


def test_only_the_officer_manages_campaigns(org, today, client, mona, alice):
    client.force_login(mona)
    assert client.get(reverse("monitor:campaign_create")).status_code == 403
    client.force_login(alice)
    assert client.get(reverse("monitor:campaigns")).status_code == 403


def test_the_officer_sees_everything_and_the_manager_only_their_units(org, closed, client, wim, mona):
    client.force_login(wim)
    page = client.get(reverse("monitor:results", args=[closed.pk]))
    assert page.status_code == 200
    assert "North" in page.content.decode() and "South" in page.content.decode()  # the regions below the top
    assert client.get(reverse("monitor:results_unit", args=[closed.pk, org["team_c"].pk])).status_code == 200
    client.force_login(mona)
    assert client.get(reverse("monitor:results", args=[closed.pk])).status_code == 200
    assert client.get(reverse("monitor:results_unit", args=[closed.pk, org["team_a"].pk])).status_code == 200
    assert client.get(reverse("monitor:results_unit", args=[closed.pk, org["team_c"].pk])).status_code == 404
    assert client.get(reverse("monitor:results_unit", args=[closed.pk, "all"])).status_code == 404
    # ... and no page of hers links to it: the whole is a row for her, not a page.
    for path in (
        reverse("monitor:results", args=[closed.pk]),
        reverse("monitor:results_unit", args=[closed.pk, org["groningen"].pk]),
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert reverse("monitor:results_unit", args=[closed.pk, "all"]) not in page.content.decode()
    client.reauthenticate()  # a file leaves the portal: the password again first
    csv_text = client.get(reverse("monitor:results_csv", args=[closed.pk])).content.decode()
    assert "Team A" in csv_text and "Team C" not in csv_text


def test_an_employee_sees_only_their_own_units_published_results(org, closed, client):
    person = Participation.objects.filter(campaign=closed, unit=org["team_a"]).first().user
    client.force_login(person)
    page = client.get(reverse("monitor:my_unit", args=[closed.pk]))
    assert page.status_code == 200 and "Team A" in page.content.decode()
    assert client.get(reverse("monitor:results", args=[closed.pk])).status_code == 403
    assert client.get(reverse("monitor:results_csv", args=[closed.pk])).status_code == 403


def test_results_are_never_live(org, today, client, wim):
    staff = people(org["team_a"], 6)
    campaign = campaign_make([org["team_a"]])
    for person in staff:
        answer_as(person, campaign)
    client.force_login(wim)
    assert client.get(reverse("monitor:results", args=[campaign.pk])).status_code == 404


def test_the_csv_asks_for_the_password_again_first(org, closed, client, wim):
    """A file leaves the portal: accounts.reauth.recent_login_required sends the reader to
    allauth's password check and back to the file afterwards."""
    from tests.factories import PASSWORD

    client.force_login(wim)
    url = reverse("monitor:results_csv", args=[closed.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == url
    assert client.get(url)["Content-Type"].startswith("text/csv")
