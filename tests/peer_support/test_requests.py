import pytest
from django.core import mail
from django.urls import reverse

from core.errors import DomainError
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import CaseNote, FollowUpStep, Referral, SupporterDuty, SupportRequest
from peer_support.services.requests import (
    case_note_add,
    support_request_assign,
    support_request_claim,
    support_request_close,
    support_request_plan_follow_up,
    support_request_record_contact,
)

Status = SupportRequest.Status


def test_an_employee_asks_for_a_talk_and_sees_the_status(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("peer_support:request_create"))
    assert page.status_code == 200
    assert 'class="privacy-note' in page.content.decode()
    response = client.post(
        reverse("peer_support:request_create"),
        {
            "urgency": "today",
            "contact_method": "phone",
            "contact_detail": "06-12345678",
            "preferred_times": "after 18:00",
            "message": "It was bad.",
        },
    )
    request = SupportRequest.objects.get(requester=alice)
    assert response.url == reverse("peer_support:request_detail", args=[request.pk])
    assert request.region.name == "North"
    assert request.message == "It was bad."
    assert request.contact_detail == "+31612345678"  # as typed at home, kept in E.164
    detail = client.get(response.url).content.decode()
    assert "Waiting for a colleague" in detail


def test_the_message_is_encrypted_at_rest(alice, ask):
    request = ask(message="I cannot sleep")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM peer_support_supportrequest WHERE id = %s", [request.pk])
        stored = cursor.fetchone()[0]
    assert "sleep" not in stored
    assert SupportRequest.objects.get(pk=request.pk).message == "I cannot sleep"


def test_a_second_open_request_is_refused_with_a_message(client, alice, ask):
    ask()
    client.force_login(alice)
    page = client.get(reverse("peer_support:request_create")).content.decode()
    assert "See your request" in page
    with pytest.raises(DomainError):
        ask()


def test_bad_input_shows_a_message_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("peer_support:request_create"), {"urgency": "yesterday", "contact_method": "fax"})
    assert response.status_code == 200
    assert "Please check the fields" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_on_duty_supporters_of_the_region_get_a_neutral_notice(alice, bob, dave, ask):
    request = ask()
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:new:{bob.pk}").exists()
    assert not OutboxMessage.objects.filter(recipient=dave).exists()
    messages_dispatch()
    assert [m.subject for m in mail.outbox] == ["You have a new task in the portal"]
    body = mail.outbox[0].body
    assert "support request" not in body.lower()
    assert reverse("peer_support:request_detail", args=[request.pk]) in body  # only a link


def test_supporters_off_duty_are_not_announced_to(alice, bob, ask):
    from peer_support.services.requests import supporter_duty_set

    supporter_duty_set(supporter=bob, on_duty=False)
    request = ask()
    assert not OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:new:").exists()


def test_asking_for_someone_outside_the_own_team_hides_it_from_the_team(client, alice, bob, erin, ask):
    request = ask(outside_own_unit=True)
    client.force_login(erin)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 404
    detail_url = reverse("peer_support:request_detail", args=[request.pk])
    queue = client.get(reverse("peer_support:queue"))
    assert queue.status_code == 200 and detail_url not in queue.content.decode()
    with pytest.raises(DomainError):
        support_request_claim(support_request=request, supporter=erin)
    client.force_login(bob)
    assert client.get(reverse("peer_support:request_detail", args=[request.pk])).status_code == 200


def test_a_supporter_claims_makes_contact_notes_refers_and_closes(client, alice, bob, ask):
    request = ask()
    client.force_login(bob)
    client.post(reverse("peer_support:request_claim", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == Status.CLAIMED and request.assigned_to == bob
    assert not (
        OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:new:")
        .filter(status=OutboxMessage.Status.PENDING)
        .exists()
    )
    assert OutboxMessage.objects.with_key(f"ps:request:{request.pk}:claimed:{bob.pk}").get().template == (
        "peer_support_contact_coming"
    )
    client.post(reverse("peer_support:request_contact", args=[request.pk]))
    client.post(reverse("peer_support:request_note", args=[request.pk]), {"text": "Talked for an hour."})
    client.post(reverse("peer_support:request_refer", args=[request.pk]), {"kind": "family_doctor"})
    client.post(reverse("peer_support:request_close", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == Status.CLOSED and request.first_contact_at and request.closed_at
    assert CaseNote.objects.get(request=request).text == "Talked for an hour."
    assert Referral.objects.get(request=request).kind == "family_doctor"


def test_the_requester_sees_who_will_contact_them_but_not_the_notes(client, alice, bob, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    case_note_add(support_request=request, author=bob, text="private thought")
    client.force_login(alice)
    page = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    assert "Bob" in page
    assert "private thought" not in page


def test_the_coordinator_reads_notes_and_reassigns(client, alice, bob, carol, ask, org):
    from accounts.roles import Role
    from tests.factories import UserFactory, with_totp

    # Team B: not Alice's team, nor above it (the district is her line of command).
    other = with_totp(UserFactory(first_name="Olga", unit=org["team_b"], roles=[Role.PEER_SUPPORTER]))
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    case_note_add(support_request=request, author=bob, text="note for carol")
    client.force_login(carol)
    page = client.get(reverse("peer_support:request_detail", args=[request.pk])).content.decode()
    assert "note for carol" in page
    client.post(reverse("peer_support:request_assign", args=[request.pk]), {"supporter": other.pk})
    request.refresh_from_db()
    assert request.assigned_to == other


def test_only_the_assignee_can_work_the_request(alice, bob, carol, ask):
    request = ask()
    with pytest.raises(DomainError):
        support_request_record_contact(support_request=request, supporter=bob)
    support_request_claim(support_request=request, supporter=bob)
    with pytest.raises(DomainError):
        support_request_claim(support_request=request, supporter=carol)


def test_withdrawing_stops_every_message(client, alice, bob, ask):
    request = ask()
    client.force_login(alice)
    client.post(reverse("peer_support:request_withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert not (
        OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:")
        .filter(status=OutboxMessage.Status.PENDING)
        .exists()
    )


def test_a_planned_follow_up_reminds_the_supporter_once(alice, bob, ask):
    import datetime as dt

    from django.utils import timezone

    from peer_support.services.timers import timers_scan

    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    now = timezone.now()
    step = support_request_plan_follow_up(support_request=request, supporter=bob, due_at=now + dt.timedelta(days=2))
    timers_scan(now=now + dt.timedelta(days=2) - dt.timedelta(hours=1))
    timers_scan(now=now + dt.timedelta(days=2) - dt.timedelta(minutes=30))
    assert OutboxMessage.objects.with_key_prefix(f"ps:step:{step.pk}:remind:").count() == 1
    support_request_close(support_request=request, by=bob)
    step.refresh_from_db()
    assert step.state == FollowUpStep.State.CANCELLED


def test_the_coordinator_sees_figures_and_sets_availability(client, alice, bob, carol, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(carol)
    page = client.get(reverse("peer_support:coordination")).content.decode()
    assert "Median time until taken" in page and "Bob" in page
    client.post(reverse("peer_support:duty_set"), {"supporter": bob.pk, "on_duty": "0", "next": "coordination"})
    bob.refresh_from_db()
    assert bob.support_duty.on_duty is False


def test_a_supporter_cannot_set_someone_elses_availability(client, bob, erin):
    client.force_login(erin)
    assert client.post(reverse("peer_support:duty_set"), {"supporter": bob.pk, "on_duty": "0"}).status_code == 404


def test_a_coordinator_assignment_via_service_refuses_someone_of_another_region(alice, carol, dave, ask):
    request = ask()
    with pytest.raises(DomainError):
        support_request_assign(support_request=request, supporter=dave, by=carol)


def test_withdrawing_a_taken_request_tells_the_supporter_in_neutral_words(alice, bob, ask):
    from peer_support.services.requests import support_request_withdraw

    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    support_request_withdraw(support_request=request, requester=alice)
    notice = OutboxMessage.objects.with_key(f"ps:request:{request.pk}:withdrawn:{bob.pk}").get()
    assert notice.status == OutboxMessage.Status.PENDING and notice.template == "peer_support_task"


def test_a_coordinator_of_another_region_cannot_close_a_request(alice, bob, sam, carol, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    with pytest.raises(DomainError):
        support_request_close(support_request=request, by=sam)
    support_request_close(support_request=request, by=carol)
    assert SupportRequest.objects.get(pk=request.pk).status == Status.CLOSED


def test_the_region_is_the_region_unit_above_or_the_root_for_national_staff(org, alice, petra, carol):
    from peer_support.regions import next_region, region_of

    assert region_of(alice.unit) == org["north"]
    assert region_of(carol.unit) == org["north"]  # a region is its own region
    assert region_of(petra.unit) == org["national"]  # above every region: the root
    assert next_region(org["north"]) == org["south"]
    assert next_region(org["south"]) == org["north"]  # wraps round


def test_the_beat_task_runs_the_scan(alice, carol, ask):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from peer_support.tasks import scan_timers

    request = ask(urgency=SupportRequest.Urgency.THIS_WEEK, now=timezone.now() - dt.timedelta(hours=25))
    with time_machine.travel(timezone.now(), tick=False):
        result = scan_timers.apply().get()
    assert result["escalated"] >= 1
    assert OutboxMessage.objects.with_key_prefix(f"ps:request:{request.pk}:escalation:1:").exists()


def test_someone_without_a_unit_still_reaches_the_top_coordinators(org):
    from tests.factories import UserFactory

    loner = UserFactory(unit=None)
    request = support_request_create_for(loner)
    assert request.region == org["national"]


def support_request_create_for(user):
    from peer_support.services.requests import support_request_create

    return support_request_create(requester=user)


@pytest.mark.parametrize("supporter", [" ", "bob", "1.5", "1e3"])
def test_a_duty_switch_with_no_colleague_number_says_so_and_changes_nothing(client, bob, carol, supporter):
    """A blank or a word reached the database as a key and answered 500."""
    client.force_login(carol)
    response = client.post(
        reverse("peer_support:duty_set"), {"supporter": supporter, "on_duty": "0", "next": "coordination"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("peer_support:coordination")
    assert "Choose a colleague." in client.get(response["Location"]).content.decode()
    assert not SupporterDuty.objects.filter(on_duty=False).exists()
