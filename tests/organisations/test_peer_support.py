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
    request = support_request_create(requester=mette, urgency=SupportRequest.Urgency.THIS_WEEK, now=now)
    assert request.escalate_at == now + dt.timedelta(hours=8)
    timers_scan(now=now + dt.timedelta(hours=8, minutes=-1))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:").exists()
    # The region has no coordinator: the next Danish region's is alerted, never a Dutch one.
    timers_scan(now=now + dt.timedelta(hours=8))
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


def test_the_alert_chain_waits_the_organisations_times(org, dk, dk_org, wim):
    from peer_support.services.alerts import alert_ack_delay, first_contact_delay

    organisation_update(organisation=dk_org, values={"alert_ack_minutes": 5, "first_contact_hours": 2}, by=wim)
    assert alert_ack_delay(dk["region"]) == dt.timedelta(minutes=5)
    assert first_contact_delay(dk["region"]) == dt.timedelta(hours=2)
    # A tree with no saved organisation yet keeps the environment's defaults.
    assert alert_ack_delay(org["north"]) == dt.timedelta(minutes=15)
    assert first_contact_delay(org["north"]) == dt.timedelta(hours=4)


def test_a_text_message_shows_the_recipients_organisation_as_sender(dk, dk_org, settings):
    from accounts.roles import Role
    from notifications.channels.sms import sms_sender
    from peer_support.services.alerts import alert_person
    from tests.factories import UserFactory

    settings.SMS_SENDER = "Wellbeing"
    supporter = UserFactory(unit=dk["prison"], roles=[Role.PEER_SUPPORTER], alert_phone="+4520123456")
    dk_org.sms_sender = "KRIFO"
    dk_org.save()
    alert_person(
        key="test:alert:1",
        recipient=supporter,
        now=timezone.now(),
        template="peer_support_alert",
        context={},
        urgent=True,
    )
    text = OutboxMessage.objects.with_key("test:alert:1", OutboxMessage.Channel.SMS).get()
    assert sms_sender(text) == "KRIFO"
    assert sms_sender() == "Wellbeing"


def test_an_urgent_request_reaches_the_coordinator_within_the_organisations_urgent_time(dk, dk_org, mette):
    """Three on duty, 15 minutes each, but the organisation promises the coordinator within 30:
    two are alerted, then the coordinator, then the third."""
    from accounts.roles import Role
    from tests.factories import UserFactory

    supporters = [
        UserFactory(email=f"s{i}@example.dk", unit=dk["region"], roles=[Role.PEER_SUPPORTER]) for i in range(3)
    ]
    coordinator = UserFactory(email="k@example.dk", unit=dk["region"], roles=[Role.COORDINATOR])
    assert (dk_org.escalate_urgent_minutes, dk_org.alert_ack_minutes) == (30, 15)
    now = timezone.now()
    request = support_request_create(requester=mette, urgency=SupportRequest.Urgency.TODAY, now=now)
    assert request.escalate_at == now + dt.timedelta(minutes=30)
    alerted = []
    for minutes in range(0, 50):
        timers_scan(now=now + dt.timedelta(minutes=minutes))
        portal = OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:alert:")
        for recipient in portal.filter(channel="portal").order_by("pk").values_list("recipient", flat=True):
            if recipient not in [r for r, _ in alerted]:
                alerted.append((recipient, minutes))
    expected = [supporters[0].pk, supporters[1].pk, coordinator.pk, supporters[2].pk]
    assert [r for r, _ in alerted] == expected
    assert [m for _, m in alerted] == [0, 15, 30, 45]
