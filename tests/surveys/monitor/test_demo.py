import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.monitor import selectors
from surveys.monitor.models import Campaign, Measure, Participation, Response, Submission, UnitResult


@pytest.mark.django_db
def test_the_demo_has_closed_campaigns_with_results_and_an_open_one_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Campaign.objects.count(), Response.objects.count(), Measure.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Campaign.objects.count(), Response.objects.count(), Measure.objects.count()) == counts
    closed = Campaign.objects.filter(status=Campaign.Status.CLOSED)
    assert closed.count() == 2
    latest = closed.order_by("-closes_on").first()
    groningen = UnitResult.objects.get(campaign=latest, unit__code="district-groningen")
    assert groningen.shown and groningen.scales.exclude(previous_mean=None).exists()
    open_campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    employee = open_campaign.participations.get(user__email="employee@demo.example")
    assert not selectors.has_answered(employee)


@pytest.mark.django_db
def test_no_stored_response_of_the_demo_carries_a_unit_with_fewer_than_the_minimum():
    call_command("seed_demo", stdout=io.StringIO())
    for campaign in Campaign.objects.filter(status=Campaign.Status.CLOSED):
        per_unit = {}
        for unit_id in Response.objects.filter(campaign=campaign).values_list("report_unit_id", flat=True):
            per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
        assert per_unit and min(per_unit.values()) >= campaign.min_group, per_unit
        assert not Submission.objects.filter(campaign=campaign).exists()
    # Every report unit of every campaign holds at least the minimum group of people.
    for campaign in Campaign.objects.all():
        per_unit = {}
        for unit_id in Participation.objects.filter(campaign=campaign).values_list("report_unit_id", flat=True):
            per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
        assert min(per_unit.values()) >= campaign.min_group, per_unit


@pytest.mark.django_db
def test_the_demo_reads_naturally_in_dutch_and_danish(client):
    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    employee = User.objects.get(email="employee@demo.example")
    client.force_login(employee)
    for language, name in (("nl", "Werkbelevingsonderzoek 2026"), ("da", "Arbejdsmiljøundersøgelse 2026")):
        employee.language = language
        employee.save(update_fields=["language"])
        page = client.get(reverse("monitor:home")).content.decode()
        assert name in page and "Work survey" not in page
    # Measures are the Dutch district's own words, in Dutch.
    groningen = Measure.objects.filter(unit__code="district-groningen")
    assert groningen.filter(action__startswith="Rooster met minstens 11 uur rust").exists()
    assert not groningen.filter(action__icontains="shifts").exists()
