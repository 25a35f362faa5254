"""Every form that collects something personal says, next to it, who can see it."""

import datetime as dt

import pytest
from django.urls import reverse

from peer_support.models import FollowUpProtocol, IncidentLogEntry, ReflectionFramework, StepKind
from peer_support.presets import REFLECTION_FRAMEWORK
from peer_support.services.incidents import incident_register
from peer_support.services.requests import support_request_claim
from peer_support.services.timers import timers_scan


def has_note(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    return 'class="privacy-note' in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("peer_support:request_create"),
        reverse("peer_support:help_route_create", args=["confidential_report"]),
        reverse("peer_support:help_route_create", args=["job_rotation"]),
        reverse("peer_support:help_route_create", args=["support_person"]),
        reverse("peer_support:log_create"),
        reverse("peer_support:log_list"),
    ],
)
def test_the_employees_forms_say_who_can_see_them(client, alice, url):
    client.force_login(alice)
    assert has_note(client, url)


def test_the_log_edit_page_says_only_you_can_see_it(client, alice):
    entry = IncidentLogEntry.objects.create(owner=alice, occurred_on="2026-01-01", incident_type="other")
    client.force_login(alice)
    assert has_note(client, reverse("peer_support:log_edit", args=[entry.pk]))


def test_the_supporters_and_the_requesters_pages_say_who_can_see_them(client, alice, bob, ask):
    request = ask()
    client.force_login(alice)
    assert has_note(client, reverse("peer_support:request_detail", args=[request.pk]))
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(bob)
    assert has_note(client, reverse("peer_support:request_detail", args=[request.pk]))
    assert has_note(client, reverse("peer_support:request_book", args=[request.pk]))


def test_staff_forms_say_who_can_see_them(client, mona, wim, carol, alice):
    client.force_login(mona)
    assert has_note(client, reverse("peer_support:incident_create"))
    assert has_note(client, reverse("peer_support:incident_list"))
    ReflectionFramework.objects.get_or_create(code=REFLECTION_FRAMEWORK["code"], defaults=REFLECTION_FRAMEWORK)
    assert has_note(client, reverse("peer_support:reflection_create"))
    client.force_login(wim)
    assert has_note(client, reverse("peer_support:protocol_settings"))
    protocol = FollowUpProtocol.objects.first()
    assert has_note(client, reverse("peer_support:protocol_timings", args=[protocol.pk]))
    incident = incident_register(
        registered_by=mona,
        incident_type="traffic",
        occurred_at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC),
        unit=alice.unit,
        people=[alice],
    )
    client.force_login(carol)
    assert has_note(client, reverse("peer_support:incident_detail", args=[incident.pk]))


def test_the_plan_and_the_share_form_say_who_can_see_them(client, mona, alice):
    from django.utils import timezone

    incident = incident_register(
        registered_by=mona,
        incident_type="traffic",
        occurred_at=timezone.now() - dt.timedelta(days=40),
        unit=alice.unit,
        people=[alice],
    )
    timers_scan()
    plan = incident.plans.get()
    assert plan.steps.get(kind=StepKind.SCREENING).sent_at
    client.force_login(alice)
    page = client.get(reverse("peer_support:plan_detail", args=[plan.pk])).content.decode()
    assert page.count('class="privacy-note') == 2  # the plan, and the share form
