"""The group meeting proposed after an incident follows the protocol that runs: each preset
names the kind of meeting it calls for, and the coordinator's page proposes that one."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from peer_support.models import FollowUpProtocol, IncidentType
from peer_support.services.incidents import incident_register
from peer_support.services.protocols import protocol_choose


@pytest.mark.parametrize(("code", "proposed"), [("tco", "defusing"), ("dk-police", "debriefing")])
def test_the_group_meeting_proposed_follows_the_protocol(client, org, mona, wim, alice, carol, code, proposed):
    protocol = FollowUpProtocol.objects.get(code=code)
    protocol_choose(organisation=org["national"], incident_type=IncidentType.TRAFFIC, protocol=protocol, by=wim)
    incident = incident_register(
        registered_by=mona,
        incident_type=IncidentType.TRAFFIC,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        unit=alice.unit,
        people=[alice],
    )
    client.force_login(carol)
    page = client.get(reverse("peer_support:incident_detail", args=[incident.pk])).content.decode()
    select = page.split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert re.search(rf'<option value="{proposed}"[^>]*selected', select)
    assert len(re.findall(r"selected", select)) == 1
    assert "Proposed by the protocol" in page


def test_every_preset_names_the_meeting_it_calls_for(db):
    kinds = dict(FollowUpProtocol.objects.values_list("code", "group_meeting"))
    assert kinds == {
        "tco": "defusing",
        "trim": "defusing",
        "estip": "defusing",
        "dk-police": "debriefing",
        "dk-wea": "defusing",
    }
