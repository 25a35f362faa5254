import io

import pytest
from django.core.management import call_command

from surveys.monitor.models import Campaign, Measure, Response, UnitResult


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
    assert open_campaign.participations.filter(user__email="employee@demo.example", responded=False).exists()
