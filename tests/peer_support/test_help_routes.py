import pytest
from django.core import mail
from django.urls import reverse

from notifications.services import messages_dispatch
from peer_support.models import SupportRequest


def report(client, alice, route="confidential_report"):
    client.force_login(alice)
    response = client.post(
        reverse("peer_support:help_route_create", args=[route]),
        {"message": "My team leader shouts at me.", "contact_method": "phone", "contact_detail": "06 12345678"},
    )
    return SupportRequest.objects.get(requester=alice, route=route), response


def test_a_confidential_report_reaches_the_counsellor_and_never_the_manager(client, alice, connie, mona, wim, bob):
    request, response = report(client, alice)
    assert response.status_code == 302
    for user in (mona, wim, bob):
        client.force_login(user)
        assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404
    client.force_login(connie)
    inbox = client.get(reverse("peer_support:help_inbox")).content.decode()
    assert reverse("peer_support:request_detail", args=[request.pk]) in inbox
    page = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    assert "shouts" in page
    client.post(reverse("peer_support:request_claim", args=[request.pk]))
    request.refresh_from_db()
    assert request.assigned_to == connie


def test_the_form_says_who_can_see_it(client, alice):
    client.force_login(alice)
    page = client.get(reverse("peer_support:help_route_create", args=["confidential_report"])).content.decode()
    assert "only the confidential counsellors" in page and "Your manager cannot see it" in page


def test_job_rotation_goes_to_the_wellbeing_officer(client, alice, wim, connie):
    request, _ = report(client, alice, "job_rotation")
    client.force_login(connie)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404
    client.force_login(wim)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 200


def test_the_wellbeing_officer_names_an_external_support_person(client, alice, wim):
    request, _ = report(client, alice, "support_person")
    client.force_login(wim)
    client.post(reverse("peer_support:request_claim", args=[request.pk]))
    client.post(
        reverse("peer_support:request_support_person", args=[request.pk]),
        {"name": "Henk Jansen", "email": "henk@example.net", "phone": "0612345678"},
    )
    request.refresh_from_db()
    assert request.external_person_name == "Henk Jansen"
    mail.outbox.clear()
    messages_dispatch()
    to_henk = [m for m in mail.outbox if m.to == ["henk@example.net"]]
    assert len(to_henk) == 1
    assert "injur" not in to_henk[0].body.lower() and "sick" not in to_henk[0].body.lower()
    client.force_login(alice)
    assert "Henk Jansen" in client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()


def test_an_unknown_route_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("peer_support:help_route_create", args=["peer_support"])).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "mona", "bob"])
def test_the_inbox_is_only_for_handlers(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("peer_support:help_inbox")).status_code == 404


def test_a_report_nobody_took_in_a_day_reminds_the_counsellors_once(client, alice, connie):
    import datetime as dt

    from django.utils import timezone

    from notifications.models import OutboxMessage
    from peer_support.services.timers import timers_scan

    request, _ = report(client, alice)
    timers_scan(now=timezone.now() + dt.timedelta(hours=23))
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:").exists()
    for minutes in (0, 1):
        timers_scan(now=timezone.now() + dt.timedelta(hours=24, minutes=minutes + 1))
    reminders = OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:")
    assert list(reminders.values_list("recipient", flat=True)) == [connie.pk]
