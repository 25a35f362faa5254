"""A phone call promised is a number to call: asked for, checked, kept encrypted in E.164,
shown as a tel: link only to whoever takes the request and the coordinator."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from peer_support.models import SupportRequest
from peer_support.services.requests import support_request_claim, support_request_close

ASK = reverse("peer_support:request_create")
REPORT = reverse("peer_support:help_route_create", args=["confidential_report"])


def ask_by_phone(client, user, number="06 12345678", **extra):
    client.force_login(user)
    data = {"urgency": "today", "contact_method": "phone", "contact_detail": number, **extra}
    return client.post(ASK, data, follow=True)


def checked_methods(page: str) -> list[str]:
    radios = re.findall(r'<input[^>]*name="contact_method"[^>]*>', page)
    assert radios
    return [re.search(r'value="(\w+)"', radio).group(1) for radio in radios if re.search(r"\bchecked\b", radio)]


@pytest.mark.parametrize("url", [ASK, REPORT])
def test_no_way_of_contact_is_preselected_on_a_first_request(client, alice, url):
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert 'name="contact_method"' in page
    assert checked_methods(page) == []


@pytest.mark.parametrize("url", [ASK, REPORT])
def test_a_phone_call_without_a_number_is_refused_next_to_the_field(client, alice, url):
    client.force_login(alice)
    response = client.post(url, {"urgency": "today", "message": "x", "contact_method": "phone", "contact_detail": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the number we should call you on." in page and "Please check the fields" in page
    assert not SupportRequest.objects.exists()


def test_a_number_that_cannot_be_called_is_refused_with_an_example(client, alice):
    alice.language = "nl"
    alice.save()
    client.force_login(alice)
    page = client.post(ASK, {"urgency": "today", "contact_method": "phone", "contact_detail": "12345"}).content.decode()
    assert "06 12345678" in page  # "Schrijf het zo: 06 12345678"
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("nl", "06-12 34 56 78", "+31612345678"),
        ("da", "20 12 34 56", "+4520123456"),
        ("da", "+31 6 12345678", "+31612345678"),
        ("en", "06 12345678", "+31612345678"),  # valid in one of the portal's regions only
        ("en", "+45 20123456", "+4520123456"),
    ],
)
def test_the_number_is_read_in_the_region_of_the_persons_language(client, alice, language, typed, stored):
    alice.language = language
    alice.save()
    ask_by_phone(client, alice, typed)
    assert SupportRequest.objects.get(requester=alice).contact_detail == stored


def test_the_number_is_encrypted_at_rest(client, alice):
    ask_by_phone(client, alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_detail FROM peer_support_supportrequest")
        assert "612345678" not in cursor.fetchone()[0]


def test_asking_by_phone_and_being_called_by_the_supporter_who_took_it(client, alice, bob, carol, erin, dave):
    # Alice asks; the confirmation says exactly what happens next.
    confirmation = ask_by_phone(client, alice).content.decode()
    assert "Thank you. A colleague will call you on +31 6 12345678." in confirmation
    assert "This happens today." in confirmation
    request = SupportRequest.objects.get(requester=alice)

    # Supporters who could take it see that a call is wanted, not the number. (Erin works in
    # Alice's own team: a request is never offered to her, see test_conflict_of_interest.py.)
    for supporter in (bob,):
        client.force_login(supporter)
        queue = client.get(reverse("peer_support:queue")).content.decode()
        assert "Phone call" in queue and "612345678" not in queue
        detail = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
        assert "612345678" not in detail and "shown to whoever takes the request" in detail

    # Bob takes it: now he has the number to call, as a link.
    client.force_login(bob)
    detail = client.post(reverse("peer_support:request_claim", args=[request.pk]), follow=True).content.decode()
    assert '<a href="tel:+31612345678">+31 6 12345678</a>' in detail
    # The coordinator sees it too; the others never again.
    client.force_login(carol)
    assert (
        'href="tel:+31612345678"'
        in client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    )
    for other in (erin, dave):
        client.force_login(other)
        assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404

    client.force_login(alice)
    status = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    assert "Bob will call you on +31 6 12345678." in status


def test_a_confidential_report_by_phone_shows_the_number_to_the_counsellor_who_takes_it(client, alice, connie):
    client.force_login(alice)
    confirmation = client.post(
        REPORT, {"message": "x", "contact_method": "phone", "contact_detail": "06 12345678"}, follow=True
    ).content.decode()
    assert "A confidential counsellor will call you on +31 6 12345678." in confirmation
    report = SupportRequest.objects.get(requester=alice)
    client.force_login(connie)
    before = client.get(reverse("peer_support:request_detail", args=[report.pk]))
    assert before.status_code == 200 and "612345678" not in before.content.decode()
    support_request_claim(support_request=report, supporter=connie)
    assert (
        'href="tel:+31612345678"'
        in client.get(reverse("peer_support:request_detail", args=[report.pk])).content.decode()
    )


def test_a_number_given_before_is_offered_again_with_phone_preselected(client, alice, bob):
    ask_by_phone(client, alice)
    request = SupportRequest.objects.get(requester=alice)
    support_request_claim(support_request=request, supporter=bob)
    support_request_close(support_request=request, by=bob)
    page = client.get(ASK).content.decode()
    assert checked_methods(page) == ["phone"]
    assert 'value="+31612345678"' in page


def test_without_a_call_the_email_address_is_used_and_said(client, alice):
    client.force_login(alice)
    page = client.post(ASK, {"urgency": "this_week", "contact_method": "chat"}, follow=True).content.decode()
    assert "A colleague will contact you by e-mail at alice@example.org." in page
