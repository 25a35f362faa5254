"""Who may open a request's pages: the person, the colleague on it, their coordinator.
Everyone else gets 404, and every view by someone else is in the person's access log."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from peer_support.services.requests import case_note_add, support_request_claim

PAGES = ["request_detail"]
ACTIONS = [
    "request_claim",
    "request_contact",
    "request_note",
    "request_follow_up",
    "request_refer",
    "request_close",
    "request_assign",
    "request_withdraw",
]


@pytest.fixture
def claimed(alice, bob, ask):
    request = ask(message="only for bob")
    support_request_claim(support_request=request, supporter=bob)
    case_note_add(support_request=request, author=bob, text="a note")
    return request


@pytest.mark.parametrize("persona", ["dave", "mona", "petra", "charlie", "wim", "connie", "sam", "erin"])
def test_people_not_on_the_case_get_404_on_every_page(client, claimed, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("peer_support:request_detail", args=[claimed.pk])).status_code == 404
    for name in ACTIONS:
        assert client.post(reverse(f"peer_support:{name}", args=[claimed.pk])).status_code == 404, name
    assert not AuditEntry.objects.filter(actor=user).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "carol"])
def test_the_person_the_supporter_and_their_coordinator_may_open_it(client, claimed, persona, request):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("peer_support:request_detail", args=[claimed.pk]))
    assert page.status_code == 200
    assert "only for bob" in page.content.decode()


def test_a_new_request_is_open_to_the_regions_supporters_but_not_the_others(client, alice, bob, dave, ask):
    request = ask()
    client.force_login(bob)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 200
    client.force_login(dave)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404


def test_every_view_by_someone_else_is_in_the_persons_access_log(client, claimed, alice, bob, carol):
    for user in (bob, carol):
        client.force_login(user)
        client.get(reverse("peer_support:request_detail", args=[claimed.pk]))
    client.force_login(alice)
    client.get(reverse("peer_support:request_detail", args=[claimed.pk]))
    entries = AuditEntry.objects.filter(subject=alice, object_id=str(claimed.pk))
    assert set(entries.values_list("actor__first_name", flat=True)) == {"Bob", "Carol"}
    assert not entries.filter(actor=alice).exists()
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert "Carol" in page and "opened your request" in page
    # The old address still leads there.
    assert client.get(reverse("peer_support:access_log"))["Location"] == reverse("accounts:access_log")


def test_the_access_log_shows_nobody_elses_entries(client, claimed, carol, charlie):
    client.force_login(carol)
    client.get(reverse("peer_support:request_detail", args=[claimed.pk]))
    client.force_login(charlie)
    log = client.get(reverse("accounts:access_log"))
    assert log.status_code == 200 and "Carol" not in log.content.decode()


def test_staff_pages_are_closed_to_employees_and_managers(client, alice, mona):
    for user in (alice, mona):
        client.force_login(user)
        assert client.get(reverse("peer_support:queue")).status_code == 403
        assert client.get(reverse("peer_support:coordination")).status_code == 403
        assert client.get(reverse("peer_support:protocol_settings")).status_code == 403
