"""For each kind of request, "who can see this" on the form, the confirmation and the status
page names exactly the roles that the access rules let open it: the words come from the same
table as the routing (`peer_support.routes`), and this test holds them to `access.py`."""

import html
import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from peer_support.access import may_view_request
from peer_support.models import SupportRequest
from peer_support.routes import ROUTES

Route = SupportRequest.Route

# How each role is named in the sentences, and who plays it here.
ROLE_WORDS = {
    Role.PEER_SUPPORTER: "peer supporter",
    Role.COORDINATOR: "coordinator",
    Role.COUNSELLOR: "confidential counsellor",
    Role.WELLBEING_OFFICER: "wellbeing officer",
    Role.PSYCHOLOGIST: "psycholog",
}
PERSONAS = {
    "bob": Role.PEER_SUPPORTER,
    "carol": Role.COORDINATOR,
    "connie": Role.COUNSELLOR,
    "wim": Role.WELLBEING_OFFICER,
    "petra": Role.PSYCHOLOGIST,
    "mona": Role.MANAGER,
    "charlie": Role.EMPLOYEE,
}
FORMS = {
    Route.PEER_SUPPORT: (
        reverse("peer_support:request_create"),
        {"urgency": "today", "contact_method": "phone", "contact_detail": "06 12345678"},
    ),
    **{
        route: (
            reverse("peer_support:help_route_create", args=[route]),
            {"message": "It keeps happening.", "contact_method": "phone", "contact_detail": "06 12345678"},
        )
        for route in (Route.CONFIDENTIAL_REPORT, Route.JOB_ROTATION, Route.SUPPORT_PERSON)
    },
}


def notes(page: str) -> list[str]:
    found = re.findall(r'<p class="privacy-note[^"]*">(.*?)</p>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).lower() for text in found]


def flash(page: str) -> list[str]:
    return [
        html.unescape(t).lower()
        for t in re.findall(r'<div class="alert alert-success" role="status">(.*?)</div>', page)
    ]


def assert_names_exactly(text: str, allowed: set, where: str):
    for role, words in ROLE_WORDS.items():
        assert (words in text) == (role in allowed), (
            f"{where}: {words!r} {'missing' if role in allowed else 'wrongly named'} in {text!r}"
        )


@pytest.mark.parametrize("route", list(FORMS))
def test_who_can_see_it_names_exactly_the_roles_that_may_open_it(client, route, alice, request):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    url, data = FORMS[route]
    client.force_login(alice)
    form_notes = notes(client.get(url).content.decode())

    response = client.post(url, data, follow=True)
    created = SupportRequest.objects.get(requester=alice, route=route)
    confirmation = response.content.decode()
    status_page = client.get(reverse("peer_support:request_detail", args=[created.pk])).content.decode()

    # The rules: who, of every role, may open this request (it is new: the widest circle).
    allowed = {PERSONAS[name] for name, user in people.items() if may_view_request(user, created)}
    assert allowed == set(ROUTES[route].reader_roles)
    assert Role.MANAGER not in allowed

    sentence = str(ROUTES[route].readers_note).lower()
    for where, page_notes in (
        ("form", form_notes),
        ("confirmation", notes(confirmation)),
        ("status", notes(status_page)),
    ):
        assert page_notes, where
        note = page_notes[0]
        assert sentence in note, where
        assert "manager cannot" in note, where
        assert_names_exactly(note, allowed, where)
    # The thank-you names no role that cannot open it.
    [thanks] = flash(confirmation)
    for role, words in ROLE_WORDS.items():
        if role not in allowed:
            assert words not in thanks, thanks


@pytest.mark.parametrize(
    ("route", "waiting", "coming"),
    [
        (Route.CONFIDENTIAL_REPORT, "Waiting for a confidential counsellor", "A confidential counsellor will call you"),
        (Route.JOB_ROTATION, "Waiting for a wellbeing officer", "A wellbeing officer will call you"),
    ],
)
def test_the_status_line_names_who_handles_it(client, alice, connie, wim, route, waiting, coming):
    url, data = FORMS[route]
    client.force_login(alice)
    confirmation = client.post(url, data, follow=True).content.decode()
    assert waiting in confirmation and coming in confirmation
    assert "Waiting for a colleague" not in confirmation and "A colleague will" not in confirmation
    assert waiting in client.get(reverse("peer_support:help_routes")).content.decode()


def test_the_bullying_report_confirmation_no_longer_names_the_peer_supporters(client, alice, connie):
    url, data = FORMS[Route.CONFIDENTIAL_REPORT]
    client.force_login(alice)
    page = client.post(url, data, follow=True).content.decode().lower()
    assert "peer support" not in page.split("<main", 1)[1].split("</main>", 1)[0]
