"""Peer support follows the organisation: its escalation times, its default protocol, and a backup
region from its own tree only."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from organisations.services import organisation_update
from peer_support.models import SupportRequest
from peer_support.regions import next_region
from peer_support.services.protocols import protocol_for
from peer_support.services.requests import escalation_delay, support_request_create
from peer_support.services.timers import timers_scan


def test_the_escalation_delay_is_the_organisations(org, nl_org, dk, dk_org):
    urgent, normal = SupportRequest.Urgency.TODAY, SupportRequest.Urgency.THIS_WEEK
    assert escalation_delay(urgency=urgent, region=org["north"]) == dt.timedelta(minutes=60)
    assert escalation_delay(urgency=urgent, region=dk["region"]) == dt.timedelta(minutes=30)
    assert escalation_delay(urgency=normal, region=dk["region"]) == dt.timedelta(hours=8)


def test_a_danish_request_escalates_on_the_danish_time(dk, dk_org, mette, dk_coordinator):
    now = timezone.now()
    request = support_request_create(requester=mette, urgency=SupportRequest.Urgency.TODAY, now=now)
    assert request.escalate_at == now + dt.timedelta(minutes=30)
    timers_scan(now=now + dt.timedelta(minutes=29))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:").exists()
    # The region has no coordinator: the next Danish region's is alerted, never a Dutch one.
    timers_scan(now=now + dt.timedelta(minutes=30))
    alerted = OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:")
    assert list(alerted.values_list("recipient__first_name", flat=True)) == ["Anne"]


def test_the_backup_region_stays_inside_the_organisation(org, dk):
    assert next_region(org["north"]) == org["south"]
    assert next_region(org["south"]) == org["north"]
    assert next_region(dk["region"]) == dk["second_region"]
    assert next_region(dk["second_region"]) == dk["region"]


def test_a_lone_region_has_no_backup_in_another_organisation(org, db):
    from tests.factories import unit_create

    root = unit_create(name="Lonely", kind="national")
    only = unit_create(name="Only region", parent=root, kind="region")
    assert next_region(only) is None


@pytest.mark.parametrize("code", ["trim", "tco"])
def test_the_default_protocol_is_the_organisations(dk, dk_org, camilla, code):
    organisation_update(organisation=dk_org, values={"default_protocol": code}, by=camilla)
    assert protocol_for(unit=dk["prison"], incident_type="other").code == code
