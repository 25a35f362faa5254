"""Each reader sees a request's state in words written for their side of it: the person who
asked, the supporter who took it, and the coordinator or another handler."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from peer_support.services.requests import support_request_claim, support_request_record_contact
from tests.factories import UserFactory, with_totp

REQUESTER_WORDS = ["A colleague will contact you", "Who will contact you", "Waiting for a colleague"]
SUPPORTER_WORDS = ["You took this on — contact them", "You are in contact"]


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(f"peer_support:{name}", args=args))
    assert response.status_code == 200, name
    return response.content.decode()


def assert_none_of(words, text, where):
    for word in words:
        assert word not in text, f"{word!r} on {where}"


@pytest.fixture
def taken(alice, bob, ask):
    request = ask(contact_method="phone", contact_detail="+31612345678")
    support_request_claim(support_request=request, supporter=bob)
    return request


def test_the_person_who_asked_reads_who_will_contact_them(client, taken, alice):
    detail = page(client, alice, "request_detail", taken.pk)
    assert "A colleague will contact you" in detail
    assert "Who will contact you" in detail and "Bob" in detail
    assert "Bob will call you on +31 6 12345678." in detail
    assert "A colleague will contact you" in page(client, alice, "request_create")
    assert_none_of(SUPPORTER_WORDS + ["Taken by"], detail, "the requester's page")


def test_the_supporter_who_took_it_reads_what_to_do(client, taken, bob):
    for name, args in (("request_detail", [taken.pk]), ("queue", [])):
        text = page(client, bob, name, *args)
        assert "You took this on — contact them" in text, name
        assert_none_of(REQUESTER_WORDS + ["Taken by"], text, name)


def test_the_coordinator_reads_who_took_it(client, taken, carol):
    for name, args in (("request_detail", [taken.pk]), ("coordination", [])):
        text = page(client, carol, name, *args)
        assert "Taken by Bob, no contact yet" in text, name
        assert_none_of(REQUESTER_WORDS + SUPPORTER_WORDS, text, name)


def test_after_contact_each_side_reads_its_own_words(client, taken, alice, bob, carol):
    support_request_record_contact(support_request=taken, supporter=bob)
    assert "In contact" in page(client, alice, "request_detail", taken.pk)
    assert "You are in contact" in page(client, bob, "request_detail", taken.pk)
    assert "You are in contact" in page(client, bob, "queue")
    assert "Bob is in contact" in page(client, carol, "request_detail", taken.pk)
    assert "Bob is in contact" in page(client, carol, "coordination")


def test_a_new_request_waits_for_a_colleague_or_to_be_taken(client, alice, bob, carol, ask):
    request = ask()
    assert "Waiting for a colleague" in page(client, alice, "request_detail", request.pk)
    for user in (bob, carol):
        text = page(client, user, "request_detail", request.pk)
        assert "Waiting to be taken" in text
        assert_none_of(REQUESTER_WORDS, text, user.first_name)


def test_counsellors_read_their_own_words_in_the_inbox(client, alice, connie, org):
    from peer_support.services.requests import support_request_create

    other = with_totp(UserFactory(first_name="Otto", unit=org["national"], roles=[Role.COUNSELLOR]))
    report = support_request_create(requester=alice, route="confidential_report", message="x")
    support_request_claim(support_request=report, supporter=connie)
    assert "You took this on — contact them" in page(client, connie, "help_inbox")
    inbox = page(client, other, "help_inbox")
    assert "Taken by Connie, no contact yet" in inbox
    assert_none_of(REQUESTER_WORDS + SUPPORTER_WORDS, inbox, "another counsellor's inbox")
    mine = page(client, alice, "help_routes")
    assert "A confidential counsellor will contact you" in mine
    assert_none_of(SUPPORTER_WORDS + ["Taken by"], mine, "the requester's list")
