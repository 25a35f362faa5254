"""Enrolling, the wait list and the time-limited offer of a freed seat."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import DomainError
from notifications.models import OutboxMessage
from tests.factories import UserFactory
from trainings import services
from trainings.models import Enrolment


def test_enrolling_takes_a_seat_and_schedules_the_invitation_and_the_reminder(alice, session):
    enrolment = services.enrolment_create(session=session, user=alice)
    assert enrolment.status == Enrolment.Status.ENROLLED
    templates = set(OutboxMessage.objects.filter(recipient=alice).values_list("template", flat=True))
    assert templates == {"trainings_confirmation", "trainings_reminder"}
    confirmation = OutboxMessage.objects.get(recipient=alice, template="trainings_confirmation")
    assert "METHOD:REQUEST" in confirmation.attachments[0]["content"]


def test_enrolling_twice_keeps_the_one_place(alice, session):
    first = services.enrolment_create(session=session, user=alice)
    second = services.enrolment_create(session=session, user=alice)
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1


def test_a_full_session_refuses_a_seat_unless_the_person_asks_for_the_wait_list(alice, session, seated):
    seated(3)
    with pytest.raises(DomainError, match="wait list"):
        services.enrolment_create(session=session, user=alice)
    waiting = services.enrolment_create(session=session, user=alice, wait_if_full=True)
    assert waiting.status == Enrolment.Status.WAITING
    assert not OutboxMessage.objects.filter(recipient=alice).exists()


def test_a_cancelled_seat_is_offered_to_the_first_on_the_wait_list_for_a_limited_time(alice, charlie, session, seated):
    first, *_ = seated(3)
    alice_wait = services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_create(session=session, user=charlie, wait_if_full=True)
    now = timezone.now()
    services.enrolment_cancel(enrolment=Enrolment.objects.get(user=first), now=now)
    alice_wait.refresh_from_db()
    assert alice_wait.status == Enrolment.Status.OFFERED
    assert alice_wait.offer_expires_at == now + dt.timedelta(hours=services.OFFER_HOURS)
    offer = OutboxMessage.objects.get(recipient=alice, template="trainings_offer")
    assert offer.urgent and offer.not_after == alice_wait.offer_expires_at
    assert Enrolment.objects.get(user=charlie).status == Enrolment.Status.WAITING


def test_an_offer_not_taken_in_time_passes_to_the_next_person(alice, charlie, session, seated):
    first, *_ = seated(3)
    services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_create(session=session, user=charlie, wait_if_full=True)
    now = timezone.now()
    services.enrolment_cancel(enrolment=Enrolment.objects.get(user=first), now=now)
    later = now + dt.timedelta(hours=services.OFFER_HOURS, minutes=1)
    result = services.waitlist_process(now=later)
    assert result == {"expired_offers": 1, "offered": 1}
    assert Enrolment.objects.get(user=alice).status == Enrolment.Status.PASSED
    assert Enrolment.objects.get(user=charlie).status == Enrolment.Status.OFFERED
    with pytest.raises(DomainError, match="run out"):
        services.offer_accept(enrolment=Enrolment.objects.get(user=alice), now=later)
    # Running the job again changes nothing.
    assert services.waitlist_process(now=later) == {"expired_offers": 0, "offered": 0}


def test_taking_an_offer_in_time_gives_the_seat_and_the_invitation(alice, session, seated):
    first, *_ = seated(3)
    services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_cancel(enrolment=Enrolment.objects.get(user=first))
    enrolment = services.offer_accept(enrolment=Enrolment.objects.get(user=alice))
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert OutboxMessage.objects.filter(recipient=alice, template="trainings_confirmation").exists()
    assert services.seats_taken(session, now=timezone.now()) == 3


def test_a_newcomer_does_not_jump_the_wait_list_while_a_seat_is_offered(alice, charlie, session, seated):
    first, *_ = seated(3)
    services.enrolment_create(session=session, user=alice, wait_if_full=True)
    services.enrolment_cancel(enrolment=Enrolment.objects.get(user=first))
    newcomer = UserFactory()
    with pytest.raises(DomainError):
        services.enrolment_create(session=session, user=newcomer)
