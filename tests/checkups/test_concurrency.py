"""Races on real PostgreSQL: the row lock decides, the constraints are the backstop."""

import pytest
from django.db import IntegrityError, transaction

from accounts.roles import Role
from checkups import services
from checkups.models import Booking
from notifications.models import OutboxMessage
from tests.concurrency import run_at_once
from tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_booking_the_same_slot_give_one_booking_and_nineteen_clear_refusals(make_slot, checkup):
    slot = make_slot(days=3)
    employees = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(20)]
    messages_before = OutboxMessage.objects.count()
    results = run_at_once(
        [(lambda e=e: services.booking_create(slot=slot, employee=e, appointment_type=checkup)) for e in employees]
    )
    bookings = [r for r in results if isinstance(r, Booking)]
    refusals = [r for r in results if isinstance(r, services.SlotTaken)]
    assert len(bookings) == 1, results
    assert len(refusals) == 19, results
    assert all(r.message == services.SLOT_TAKEN_MESSAGE for r in refusals)
    assert Booking.objects.count() == 1
    # Only the winner's confirmation, reminder and the provider notice were written.
    assert OutboxMessage.objects.count() - messages_before == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reschedule_racing_a_booking_for_the_same_time_leaves_one_winner_and_the_loser_unchanged(make_slot, checkup):
    alice = UserFactory(roles=[Role.EMPLOYEE])
    charlie = UserFactory(roles=[Role.EMPLOYEE])
    current, wanted = make_slot(days=3), make_slot(days=4)
    booking = services.booking_create(slot=current, employee=alice, appointment_type=checkup)
    results = run_at_once(
        [
            lambda: services.booking_reschedule(booking=booking, new_slot=wanted),
            lambda: services.booking_create(slot=wanted, employee=charlie, appointment_type=checkup),
        ]
    )
    winners = [r for r in results if isinstance(r, Booking)]
    losers = [r for r in results if isinstance(r, services.SlotTaken)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert Booking.objects.filter(slot=wanted).exclude(status="cancelled").count() == 1
    booking.refresh_from_db()
    if winners[0].employee == charlie:
        assert booking.status == Booking.Status.BOOKED and booking.slot == current
    else:
        assert booking.status == Booking.Status.CANCELLED
        assert Booking.objects.get(slot=wanted, status="booked").employee == alice


@pytest.mark.postgres
def test_the_exclusion_constraint_refuses_overlapping_times_of_one_psychologist(alice, charlie, make_slot, checkup):
    import datetime as dt

    first = make_slot(days=3, hour=10)
    services.booking_create(slot=first, employee=alice, appointment_type=checkup)
    overlapping = make_slot(start=first.starts_at + dt.timedelta(minutes=30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            slot=overlapping,
            psychologist=overlapping.psychologist,
            appointment_type=checkup,
            employee=charlie,
            starts_at=overlapping.starts_at,
            ends_at=overlapping.ends_at,
            mode=overlapping.mode,
        )
    with pytest.raises(services.SlotTaken):
        services.booking_create(slot=overlapping, employee=charlie, appointment_type=checkup)
