"""Conflicts of interest: a request is never offered to someone of the requester's own team or
line of command, to someone involved in the same incident, or to someone the requester named;
such a person is not told of it, cannot open it, cannot take it and cannot be given it. A
supporter can hand a request back (the reason is for the coordinators); the coordinator reassigns."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.errors import DomainError
from notifications.models import OutboxMessage
from peer_support.access import may_claim, may_view_request
from peer_support.conflicts import has_conflict, people_in_conflict_with
from peer_support.models import HandBack, IncidentType, SupportRequest
from peer_support.selectors import assignable_supporters, on_duty_supporters, queue_new_requests
from peer_support.services.incidents import incident_register
from peer_support.services.requests import (
    support_request_assign,
    support_request_claim,
    support_request_create,
    support_request_hand_back,
)
from tests.factories import UserFactory, with_totp


def supporter(org, unit, name, roles=(Role.PEER_SUPPORTER,)):
    return with_totp(UserFactory(first_name=name, unit=org[unit], roles=list(roles)))


def never_offered(client, person, request, *, told_before=False):
    """Not told, not in the queue, 404 on the page, cannot claim, not offered for assignment."""
    if not told_before:
        assert not OutboxMessage.objects.with_key(f"ps:request:{request.pk}:new:{person.pk}").exists()
    assert person not in on_duty_supporters(support_request=request)
    assert person not in assignable_supporters(support_request=request)
    assert request not in queue_new_requests(user=person)
    assert not may_view_request(person, request) and not may_claim(person, request)
    client.force_login(person)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404
    assert client.post(reverse("peer_support:request_claim", args=[request.pk])).status_code == 404
    with pytest.raises(DomainError):
        support_request_claim(support_request=request, supporter=person)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def offered(person, request):
    assert person in on_duty_supporters(support_request=request)
    assert may_claim(person, request)


def test_a_supporter_of_the_own_team_is_never_offered_it(client, alice, bob, erin, ask):
    request = ask()  # without asking for someone from outside the team
    never_offered(client, erin, request)
    offered(bob, request)


def test_a_supporter_above_the_requesters_team_below_the_region_is_in_the_line_of_command(client, alice, bob, org, ask):
    district = supporter(org, "groningen", "Dirk")
    request = ask()
    never_offered(client, district, request)
    offered(bob, request)


def test_a_manager_of_the_requesters_unit_or_above_is_in_the_line_of_command(client, alice, bob, org, ask):
    chief = supporter(org, "team_b", "Chris")
    chief.managed_units.set([org["groningen"]])
    request = ask()
    never_offered(client, chief, request)


def test_someone_the_requester_manages_is_not_offered_it(client, alice, bob, org, ask):
    alice.managed_units.set([org["team_b"]])
    request = ask()
    never_offered(client, bob, request)


def test_the_region_itself_is_no_line_of_command(alice, carol, org, ask):
    at_region = supporter(org, "north", "Rita")
    request = ask()
    offered(at_region, request)
    assert may_view_request(carol, request)


def test_someone_involved_in_the_same_incident_is_never_offered_it(client, alice, bob, mona, org, ask):
    olga = supporter(org, "team_b", "Olga")
    incident_register(
        registered_by=mona,
        incident_type=IncidentType.VIOLENCE,
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        unit=org["team_a"],
        people=[alice, bob],
    )
    request = ask()
    never_offered(client, bob, request)
    offered(olga, request)


def test_people_the_requester_names_never_see_it(client, alice, bob, carol, org, ask):
    olga = supporter(org, "team_b", "Olga")
    request = ask(excluded_people=[olga, carol])
    never_offered(client, olga, request)
    offered(bob, request)
    client.force_login(carol)  # a named coordinator cannot open it either
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404
    coordination = client.get(reverse("peer_support:coordination")).content.decode()
    assert reverse("peer_support:request_detail", args=[request.pk]) not in coordination


def test_the_request_form_offers_the_regions_supporters_and_coordinators_to_name(client, alice, bob, carol, dave):
    client.force_login(alice)
    page = client.get(reverse("peer_support:request_create")).content.decode()
    assert "People who must not see this" in page
    assert f'value="{bob.pk}"' in page and f'value="{carol.pk}"' in page
    assert f'value="{dave.pk}"' not in page  # another region's supporter
    data = {
        "urgency": "this_week",
        "contact_method": "chat",
        "contact_detail": "alice-chat",
        "excluded_people": [bob.pk],
    }
    client.post(reverse("peer_support:request_create"), data)
    request = SupportRequest.objects.get(requester=alice)
    assert list(request.excluded_people.all()) == [bob]


def test_naming_someone_outside_the_list_is_refused_on_the_form(client, alice, bob, dave):
    client.force_login(alice)
    data = {"urgency": "this_week", "contact_method": "chat", "contact_detail": "x", "excluded_people": [dave.pk]}
    response = client.post(reverse("peer_support:request_create"), data)
    assert response.status_code == 200
    assert "Choose only people from the list." in response.content.decode()
    assert not SupportRequest.objects.filter(requester=alice).exists()
    with pytest.raises(DomainError):
        support_request_create(requester=alice, excluded_people=[dave])


def test_who_was_named_is_shown_to_the_requester_and_the_coordinators_only(client, alice, bob, carol, org, ask):
    olga = supporter(org, "team_b", "Olga")
    request = ask(excluded_people=[olga])
    support_request_claim(support_request=request, supporter=bob)
    url = reverse("peer_support:request_detail", args=[request.pk])
    for reader in (alice, carol):
        client.force_login(reader)
        assert "Olga" in client.get(url).content.decode()
    client.force_login(bob)
    assert "Olga" not in client.get(url).content.decode()


def test_the_coordinator_cannot_assign_it_to_someone_in_conflict(client, alice, bob, carol, erin, ask):
    request = ask()
    with pytest.raises(DomainError):
        support_request_assign(support_request=request, supporter=erin, by=carol)
    client.force_login(carol)
    response = client.post(
        reverse("peer_support:request_assign", args=[request.pk]), {"supporter": erin.pk}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a colleague who may take this request." in response.content.decode()
    request.refresh_from_db()
    assert request.assigned_to is None
    support_request_assign(support_request=request, supporter=bob, by=carol)
    request.refresh_from_db()
    assert request.assigned_to == bob


# --- Handing a request back ----------------------------------------------------------------


def test_a_supporter_hands_a_request_back_and_it_is_offered_again_to_the_others(client, alice, bob, carol, org, ask):
    olga = supporter(org, "team_b", "Olga")
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(bob)
    response = client.post(
        reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": "I know her from training."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW and request.assigned_to is None
    assert HandBack.objects.get(request=request).reason == "I know her from training."
    # Announced again to those on duty, not to Bob; the coordinator is told.
    back = HandBack.objects.get(request=request)
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:new:{olga.pk}:again:{back.pk}").exists()
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:new:{bob.pk}:").exists()
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:handed-back:{back.pk}:{carol.pk}").exists()
    # Bob is not offered it again.
    never_offered(client, bob, request, told_before=True)
    offered(olga, request)
    # The reason is for the coordinators, never for the person who asked.
    url = reverse("peer_support:request_detail", args=[request.pk])
    client.force_login(carol)
    assert "I know her from training." in client.get(url).content.decode()
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "I know her from training." not in page and "handed" not in page.lower()
    # The coordinator reassigns it.
    support_request_assign(support_request=request, supporter=olga, by=carol)
    request.refresh_from_db()
    assert request.assigned_to == olga


def test_handing_back_needs_a_reason_and_the_request(client, alice, bob, erin, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(bob)
    response = client.post(reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": " "}, follow=True)
    assert "Say briefly why, for the coordinator." in response.content.decode()
    request.refresh_from_db()
    assert request.assigned_to == bob and not HandBack.objects.exists()
    response = client.post(reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": "x" * 1001})
    assert response.status_code == 302 and not HandBack.objects.exists()
    # Nobody else can hand it back.
    client.force_login(erin)
    assert (
        client.post(reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": "no"}).status_code == 404
    )
    with pytest.raises(DomainError):
        support_request_hand_back(support_request=request, supporter=alice, reason="no")


# --- The two ways the rules are written agree ----------------------------------------------


PERSONAS = ["bob", "carol", "erin", "dave", "mona", "sam", "petra", "wim"]


def test_the_rules_on_requests_and_on_people_agree(alice, org, mona, ask, request):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    people["district"] = supporter(org, "groningen", "Dirk")
    people["named"] = supporter(org, "team_b", "Nina")
    alice.managed_units.set([org["team_c"]])
    incident_register(
        registered_by=mona,
        incident_type=IncidentType.VIOLENCE,
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        unit=org["team_a"],
        people=[alice, people["bob"]],
    )
    support_request = ask(excluded_people=[people["named"]])
    in_conflict = set(people_in_conflict_with(support_request))
    for name, person in people.items():
        assert has_conflict(person, support_request) == (person in in_conflict), name
    # Erin (own team), Dirk and Mona (district: line of command), Bob (incident), Nina (named),
    # Dave (Alice manages team C).
    expected = {people[name] for name in ("erin", "district", "bob", "named", "dave", "mona")}
    assert in_conflict & set(people.values()) == expected


def test_after_a_hand_back_the_follow_ups_are_nobodys_until_someone_takes_it(alice, bob, carol, org, ask):
    from peer_support.access import may_view_plan
    from peer_support.models import FollowUpPlan
    from peer_support.services.requests import support_request_plan_follow_up

    olga = supporter(org, "team_b", "Olga")
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    support_request_plan_follow_up(support_request=request, supporter=bob, due_at=timezone.now() + dt.timedelta(days=2))
    support_request_hand_back(support_request=request, supporter=bob, reason="I know her.")
    plan = FollowUpPlan.objects.get(request=request)
    assert plan.supporter is None and plan.steps.get().owner is None
    assert not may_view_plan(bob, plan)
    support_request_claim(support_request=SupportRequest.objects.get(pk=request.pk), supporter=olga)
    plan.refresh_from_db()
    assert plan.supporter == olga and plan.steps.get().owner == olga


def test_escalation_does_not_alert_a_coordinator_in_conflict(alice, bob, carol, org, ask):
    from peer_support.services.timers import requests_escalate

    # A request that is not urgent escalates to the coordinators when nobody took it in time.
    request = ask(excluded_people=[carol], urgency=SupportRequest.Urgency.THIS_WEEK)
    requests_escalate(now=request.escalate_at + dt.timedelta(minutes=1))
    assert not OutboxMessage.objects.filter(recipient=carol).exists()
    request.refresh_from_db()
    assert request.escalation_level >= 1


def test_the_access_log_says_handed_back_only_when_it_was(client, alice, bob, ask):
    from core.models import AuditEntry

    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(bob)
    client.post(reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": " "})
    assert not AuditEntry.objects.filter(action="support_request.hand_back").exists()
    client.post(reverse("peer_support:request_hand_back", args=[request.pk]), {"reason": "I know her."})
    entry = AuditEntry.objects.get(action="support_request.hand_back")
    assert (entry.actor, entry.subject) == (bob, alice)


def test_the_next_supporter_gets_their_own_time_for_a_first_contact(alice, bob, org, ask):
    from peer_support.services.alerts import first_contact_delay, requests_alert_no_contact

    olga = supporter(org, "team_b", "Olga")
    request = ask(urgency=SupportRequest.Urgency.THIS_WEEK)
    taken = timezone.now()
    support_request_claim(support_request=request, supporter=bob, now=taken)
    later = taken + first_contact_delay(request.region) + dt.timedelta(minutes=1)
    assert requests_alert_no_contact(now=later) == 1
    support_request_hand_back(support_request=request, supporter=bob, reason="Off sick.", now=later)
    support_request_claim(support_request=request, supporter=olga, now=later)
    request.refresh_from_db()
    assert request.contact_alerted_at is None
    assert requests_alert_no_contact(now=later + first_contact_delay(request.region) + dt.timedelta(minutes=1)) == 1


def test_a_coordinator_named_by_the_requester_hears_nothing_of_it_when_its_supporter_leaves(client, bob, carol, ask):
    from accounts.models import AccountClosure
    from accounts.services import account_close

    request = ask(excluded_people=[carol])
    support_request_claim(support_request=request, supporter=bob)
    account_close(user=bob, by=None, reason=AccountClosure.Reason.ADMIN)
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:returned:").exists()
    client.force_login(carol)
    html = client.get(reverse("handover")).content.decode()
    assert reverse("peer_support:request_detail", args=[request.pk]) not in html
    assert "A request for a talk" not in html
