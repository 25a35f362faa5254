"""Referring on: to a psychologist with a booking made on the colleague's behalf through
the check-up app's booking service, or a referral they book themselves."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
from checkups.services import booking_create
from notifications.models import OutboxMessage
from peer_support.models import Referral
from peer_support.services.requests import support_request_claim


@pytest.fixture
def slot(petra):
    profile = Psychologist.objects.create(user=petra, languages=",en,nl,", time_zone="Europe/Amsterdam")
    kind = AppointmentType.objects.create(
        slug="follow-up-talk", name_en="Talk", name_nl="Gesprek", name_da="Samtale", bookable_by="referral"
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    slot = Slot.objects.create(
        psychologist=profile, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode=Mode.VIDEO
    )
    slot.appointment_types.set([kind])
    return slot


@pytest.fixture
def claimed(alice, bob, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    return request


def test_a_supporter_books_a_talk_on_the_colleagues_behalf(client, claimed, alice, bob, slot):
    client.force_login(bob)
    response = client.post(reverse("peer_support:request_refer", args=[claimed.pk]), {"kind": "psychologist_booked"})
    assert response.url == reverse("peer_support:request_book", args=[claimed.pk])
    page = client.get(response.url + "?type=follow-up-talk").content.decode()
    assert f'value="{slot.pk}"' in page
    client.post(response.url, {"type": "follow-up-talk", "slot": slot.pk})
    booking = Booking.objects.get()
    assert booking.employee == alice and booking.slot == slot
    referral = Referral.objects.get()
    assert referral.kind == "psychologist_booked" and referral.booking_id == booking.pk


def test_a_taken_time_is_refused_and_nothing_is_recorded(client, claimed, bob, slot, charlie):
    booking_create(slot=slot, employee=charlie, appointment_type=slot.appointment_types.get(), referred_by=bob)
    client.force_login(bob)
    client.post(reverse("peer_support:request_book", args=[claimed.pk]), {"type": "follow-up-talk", "slot": slot.pk})
    assert not Referral.objects.exists()
    assert Booking.objects.count() == 1


def test_a_booking_check_ups_refuses_is_a_message_and_records_nothing(client, claimed, alice, bob, slot):
    """Check-ups' own refusal (here: Alice already has a talk at that time) reaches the page
    as a message, through the one domain error, and leaves no referral behind."""
    from accounts.roles import Role
    from tests.factories import UserFactory

    other = Psychologist.objects.create(
        user=UserFactory(roles=[Role.PSYCHOLOGIST]), languages=",en,", time_zone="Europe/Amsterdam"
    )
    same_time = Slot.objects.create(psychologist=other, starts_at=slot.starts_at, ends_at=slot.ends_at, mode=Mode.VIDEO)
    same_time.appointment_types.set(slot.appointment_types.all())
    booking_create(slot=same_time, employee=alice, appointment_type=slot.appointment_types.get(), referred_by=bob)
    client.force_login(bob)
    url = reverse("peer_support:request_book", args=[claimed.pk])
    response = client.post(url, {"type": "follow-up-talk", "slot": slot.pk}, follow=True)
    assert response.status_code == 200
    assert "You already have an appointment at this time." in response.content.decode()
    assert not Referral.objects.exists() and Booking.objects.count() == 1


def test_someone_not_handling_the_request_cannot_book(client, claimed, carol, slot):
    client.force_login(carol)
    assert client.get(reverse("peer_support:request_book", args=[claimed.pk])).status_code == 404


def test_a_referral_they_book_themselves_sends_a_neutral_link(client, claimed, alice, bob):
    client.force_login(bob)
    client.post(reverse("peer_support:request_refer", args=[claimed.pk]), {"kind": "psychologist_self"})
    message = OutboxMessage.objects.get(template="peer_support_book_yourself")
    assert message.recipient == alice and message.context["path"] == reverse("checkups:start")


@pytest.fixture
def supported_plan(alice, bob, mona):
    from peer_support.models import StepKind
    from peer_support.services.incidents import incident_register, step_claim

    incident = incident_register(
        registered_by=mona,
        incident_type="force",
        occurred_at=timezone.now() - dt.timedelta(days=3),
        unit=alice.unit,
        people=[alice],
    )
    plan = incident.plans.get()
    step_claim(step=plan.steps.get(kind=StepKind.OUTREACH), supporter=bob)
    return plan


def test_the_supporter_of_a_plan_refers_on_and_books_for_the_colleague(client, supported_plan, alice, bob, slot):
    client.force_login(bob)
    page = client.get(reverse("peer_support:plan_detail", args=[supported_plan.pk])).content.decode()
    assert "Record referral" in page
    client.post(reverse("peer_support:plan_refer", args=[supported_plan.pk]), {"kind": "company_doctor"})
    response = client.post(
        reverse("peer_support:plan_refer", args=[supported_plan.pk]), {"kind": "psychologist_booked"}
    )
    assert response.url == reverse("peer_support:plan_book", args=[supported_plan.pk])
    client.post(response.url, {"type": "follow-up-talk", "slot": slot.pk})
    assert Booking.objects.get().employee == alice
    kinds = sorted(Referral.objects.filter(plan=supported_plan).values_list("kind", flat=True))
    assert kinds == ["company_doctor", "psychologist_booked"]


def test_nobody_but_the_plans_supporter_refers(client, supported_plan, alice, carol, slot):
    client.force_login(carol)
    client.post(reverse("peer_support:plan_refer", args=[supported_plan.pk]), {"kind": "family_doctor"})
    assert not Referral.objects.exists()
    assert client.get(reverse("peer_support:plan_book", args=[supported_plan.pk])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("peer_support:plan_book", args=[supported_plan.pk])).status_code == 404


def refer_entries(person):
    from core.models import AuditEntry

    return AuditEntry.objects.filter(subject=person, action__in=["support_request.refer", "follow_up_plan.refer"])


def test_one_booked_referral_is_one_line_in_the_persons_access_log(client, claimed, alice, bob, slot):
    client.force_login(bob)
    # The journey: choose "psychologist, booked", see the kinds of talk, pick one, book a time.
    book = client.post(reverse("peer_support:request_refer", args=[claimed.pk]), {"kind": "psychologist_booked"})
    client.get(book.url)
    client.get(book.url + "?type=follow-up-talk")
    client.post(book.url, {"type": "follow-up-talk", "slot": slot.pk})
    client.get(reverse("peer_support:request_detail", args=[claimed.pk]))
    assert Referral.objects.count() == 1
    assert refer_entries(alice).count() == 1
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert page.count("recorded a referral on your request") == 1


def test_a_referral_that_failed_writes_no_referral_line(client, claimed, alice, bob, slot, charlie):
    booking_create(slot=slot, employee=charlie, appointment_type=slot.appointment_types.get(), referred_by=bob)
    client.force_login(bob)
    client.post(reverse("peer_support:request_book", args=[claimed.pk]), {"type": "follow-up-talk", "slot": slot.pk})
    assert not refer_entries(alice).exists()


def test_one_referral_from_a_plan_is_one_line_too(client, supported_plan, alice, bob, slot):
    client.force_login(bob)
    client.post(reverse("peer_support:plan_refer", args=[supported_plan.pk]), {"kind": "company_doctor"})
    assert refer_entries(alice).count() == 1
    book = client.post(reverse("peer_support:plan_refer", args=[supported_plan.pk]), {"kind": "psychologist_booked"})
    client.get(book.url)
    client.get(book.url + "?type=follow-up-talk")
    client.post(book.url, {"type": "follow-up-talk", "slot": slot.pk})
    assert Referral.objects.filter(plan=supported_plan).count() == 2
    assert refer_entries(alice).count() == 2


def test_a_time_by_phone_is_booked_with_the_number_the_colleague_gave(client, alice, bob, ask, slot):
    Slot.objects.filter(pk=slot.pk).update(mode=Mode.PHONE)
    request = ask(contact_method="phone", contact_detail="+31612345678")
    support_request_claim(support_request=request, supporter=bob)
    client.force_login(bob)
    url = reverse("peer_support:request_book", args=[request.pk])
    page = client.get(url + "?type=follow-up-talk").content.decode()
    # The number the colleague gave to be called on is filled in for the supporter.
    assert 'name="call_number" value="+31612345678"' in page
    client.post(url, {"type": "follow-up-talk", "slot": slot.pk, "call_number": "+31612345678"})
    booking = Booking.objects.get()
    assert booking.call_number == "+31612345678" and Referral.objects.get().booking_id == booking.pk


def test_a_time_by_phone_without_a_number_is_refused_on_the_page(client, claimed, bob, slot):
    Slot.objects.filter(pk=slot.pk).update(mode=Mode.PHONE)
    client.force_login(bob)
    url = reverse("peer_support:request_book", args=[claimed.pk])
    for number in ("", "not a number"):
        response = client.post(url, {"type": "follow-up-talk", "slot": slot.pk, "call_number": number}, follow=True)
        assert response.status_code == 200
        assert "phone" in response.content.decode().lower()
    assert not Booking.objects.exists() and not Referral.objects.exists()
