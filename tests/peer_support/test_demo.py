import io

from django.contrib.auth.models import Group

from accounts.models import OrganisationUnit
from accounts.roles import Role
from peer_support.demo import seed_peer_support
from peer_support.models import CriticalIncident, FollowUpProtocol, SupportRequest
from tests.factories import UserFactory


def test_the_demo_has_a_queue_an_incident_with_a_plan_and_the_protocols_and_is_idempotent(db):
    root = OrganisationUnit.objects.add_root({"name": "NP", "code": "national", "kind": "national"})
    north = OrganisationUnit.objects.add_child(root, {"name": "Noord", "code": "region-north", "kind": "region"})
    team = OrganisationUnit.objects.add_child(north, {"name": "T", "code": "team-groningen-centrum", "kind": "team"})
    for email, role in [
        ("employee@demo.example", Role.EMPLOYEE),
        ("peer@demo.example", Role.PEER_SUPPORTER),
        ("manager@demo.example", Role.MANAGER),
        ("colleague21@demo.example", Role.EMPLOYEE),
        ("colleague22@demo.example", Role.EMPLOYEE),
        ("colleague23@demo.example", Role.EMPLOYEE),
        ("colleague41@demo.example", Role.EMPLOYEE),
    ]:
        UserFactory(email=email, unit=team, roles=[role])
    assert Group.objects.filter(name=Role.PEER_SUPPORTER).exists()
    for _ in range(2):
        seed_peer_support(stdout=io.StringIO())
    assert FollowUpProtocol.objects.count() == 5
    assert SupportRequest.objects.filter(status="new").count() == 3
    incident = CriticalIncident.objects.get()
    plan = incident.plans.get(person__email="employee@demo.example")
    assert plan.supporter.email == "peer@demo.example"
