"""The handover page: coordinators hand over their region's open work of people who left,
the wellbeing officer everything, appointments to move first; nobody else sees it, and
no line names the person who asked for help or booked a talk."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountClosure, HandoverItem
from accounts.services import account_close
from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
from checkups.services import booking_create
from notifications.models import OutboxMessage
from peer_support.models import FollowUpPlan, IncidentType, SupportRequest
from peer_support.services.incidents import incident_register, step_claim
from peer_support.services.requests import support_request_claim, support_request_create
from tests.factories import UserFactory

URL = "/people/handover/"
Kind = HandoverItem.Kind


@pytest.fixture
def claimed(alice, bob):
    support_request = support_request_create(requester=alice, urgency=SupportRequest.Urgency.TODAY, message="Hard week")
    return support_request_claim(support_request=support_request, supporter=bob)


@pytest.fixture
def booked(petra, charlie):
    profile = Psychologist.objects.create(user=petra, time_zone="Europe/Amsterdam")
    checkup = AppointmentType.objects.get(slug="check-up")
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    slot = Slot.objects.create(
        psychologist=profile, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode=Mode.VIDEO
    )
    slot.appointment_types.set([checkup])
    return booking_create(slot=slot, employee=charlie, appointment_type=checkup)


@pytest.fixture
def left(claimed, booked, bob, petra):
    """Bob (a supporter in the north, with Alice's request) and Petra (with Charlie's talk) left."""
    account_close(user=bob, by=None, reason=AccountClosure.Reason.ADMIN)
    account_close(user=petra, by=None, reason=AccountClosure.Reason.MISSING)
    return {"request": claimed, "booking": booked}


def page(client, user):
    client.force_login(user)
    return client.get(URL)


def test_the_coordinator_sees_their_regions_request_with_a_way_to_assign_it(client, carol, erin, left):
    response = page(client, carol)
    assert response.status_code == 200
    html = response.content.decode()
    request = left["request"]
    assert "Bob" in html  # the colleague who left
    assert reverse("peer_support:request_assign", args=[request.pk]) in html
    assert f'<option value="{erin.pk}">' in html
    assert "Alice" not in html and "Hard week" not in html  # nothing of the person who asked
    assert "Petra" not in html  # the talk to move is the wellbeing officer's
    assert "Charlie" not in html


def test_the_coordinator_of_another_region_sees_none_of_it(client, sam, left):
    html = page(client, sam).content.decode()
    assert "Bob" not in html and "Nothing to hand over." in html


def test_the_wellbeing_officer_sees_everything_talks_to_move_first_and_names_nobody_who_asked(client, wim, left):
    html = page(client, wim).content.decode()
    assert html.index("booked talk without a psychologist") < html.index("Bob")
    assert reverse("handover_booking", args=[HandoverItem.objects.get(kind=Kind.BOOKING).pk]) in html
    assert "back in the queue of North" in html
    assert reverse("peer_support:request_detail", args=[left["request"].pk]) not in html
    assert "Alice" not in html and "Charlie" not in html and "Hard week" not in html


@pytest.mark.parametrize("who", ["alice", "erin", "mona", "connie"])
def test_nobody_else_may_open_the_page_or_tick_anything_off(client, who, request, left):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    item = HandoverItem.objects.get(kind=Kind.BOOKING)
    assert client.post(reverse("handover_done", args=[item.pk])).status_code == 403


def test_an_item_of_another_region_is_404_and_a_request_is_not_ticked_off(client, sam, carol, left):
    item = HandoverItem.objects.get(kind=Kind.REQUEST)
    client.force_login(sam)
    assert client.post(reverse("handover_done", args=[item.pk])).status_code == 404
    # A request is handed over by giving it to a colleague, not by ticking it off.
    client.force_login(carol)
    response = client.post(reverse("handover_done", args=[item.pk]), follow=True)
    assert "giving it to a colleague" in response.content.decode()
    item.refresh_from_db()
    assert item.done_at is None


def test_assigning_from_the_page_hands_the_request_over_and_it_leaves_the_page(client, org, carol, erin, left):
    # Erin works in another team than the person who asked (her own team is never offered it).
    erin.unit = org["team_b"]
    erin.save(update_fields=["unit"])
    request = left["request"]
    client.force_login(carol)
    client.post(reverse("peer_support:request_assign", args=[request.pk]), {"supporter": erin.pk})
    request.refresh_from_db()
    assert request.assigned_to == erin
    assert reverse("peer_support:request_assign", args=[request.pk]) not in client.get(URL).content.decode()


def test_the_officer_offers_another_time_the_person_is_told_and_it_leaves_the_page(client, wim, charlie, left):
    item = HandoverItem.objects.get(kind=Kind.BOOKING)
    client.force_login(wim)
    response = client.post(reverse("handover_booking", args=[item.pk]))
    assert response.status_code == 302
    booking = Booking.objects.get(pk=left["booking"].pk)
    assert booking.status == Booking.Status.CANCELLED
    told = OutboxMessage.objects.filter(recipient=charlie, template="checkups_cancelled")
    assert told.exists() and told.get().urgent
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == wim
    assert "booked talk without a psychologist" not in client.get(URL).content.decode()
    # Twice is refused politely, not a 500.
    assert client.post(reverse("handover_booking", args=[item.pk])).status_code == 404


def test_a_coordinator_cannot_move_a_talk(client, carol, left):
    item = HandoverItem.objects.get(kind=Kind.BOOKING)
    client.force_login(carol)
    assert client.post(reverse("handover_booking", args=[item.pk])).status_code == 403


def test_a_duty_item_is_marked_as_seen(client, carol, org):
    from peer_support.models import SupporterDuty

    supporter = UserFactory(unit=org["team_b"], roles=["peer_supporter"])
    SupporterDuty.objects.create(supporter=supporter, on_duty=True)
    account_close(user=supporter, by=None, reason=AccountClosure.Reason.ADMIN)
    item = HandoverItem.objects.get(kind=Kind.DUTY)
    client.force_login(carol)
    assert "one supporter fewer" in client.get(URL).content.decode()
    client.post(reverse("handover_done", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_by == carol
    assert "one supporter fewer" not in client.get(URL).content.decode()


def _leave_with_work(org, mona, n):
    """`n` supporters of the north, each with a claimed request and an outreach, leave."""
    now = timezone.now()
    for _ in range(n):
        supporter = UserFactory(unit=org["team_b"], roles=["peer_supporter"])
        asker = UserFactory(unit=org["team_a"], roles=["employee"])
        support_request_claim(support_request=support_request_create(requester=asker), supporter=supporter)
        incident = incident_register(
            registered_by=mona,
            incident_type=IncidentType.TRAFFIC,
            occurred_at=now - dt.timedelta(hours=1),
            unit=org["team_a"],
            people=[asker],
            now=now,
        )
        plan = FollowUpPlan.objects.get(incident=incident)
        step_claim(step=plan.steps.order_by("due_at").first(), supporter=supporter)
        account_close(user=supporter, by=None, reason=AccountClosure.Reason.ADMIN)


@pytest.mark.parametrize("who", ["carol", "wim"])
def test_the_page_takes_the_same_number_of_queries_for_one_or_many_leavers(
    client, who, request, org, mona, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(who)
    client.force_login(user)
    _leave_with_work(org, mona, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    _leave_with_work(org, mona, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("without a supporter") == 5
