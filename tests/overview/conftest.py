"""Helpers of the overview's tests: people who used check-ups and peer support in a quarter
that is over, and the quarters frozen as the nightly job does."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import Role
from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
from overview import services
from peer_support.models import SupportRequest
from tests.factories import UserFactory

# The overview's "today" in these tests: the last completed quarter is 2026 Q1.
TODAY = dt.date(2026, 5, 12)
LAST_QUARTER = dt.date(2026, 1, 1)
_minutes = itertools.count()


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 5, 12, 10, 0)), tick=False):
        yield TODAY


def people(unit, n, **kwargs):
    return [UserFactory(unit=unit, roles=[Role.EMPLOYEE], **kwargs) for _ in range(n)]


def _psychologist():
    profile = Psychologist.objects.first()
    if profile is None:
        profile = Psychologist.objects.create(user=UserFactory(roles=[Role.PSYCHOLOGIST]))
    return profile


def booked(persons, *, quarter=LAST_QUARTER):
    """Each person had a check-up in that quarter (completed, each at its own time)."""
    psychologist = _psychologist()
    check_up = AppointmentType.objects.get(slug="check-up")
    start = timezone.make_aware(dt.datetime(quarter.year, quarter.month, 2, 8, 0))
    for person in persons:
        at = start + dt.timedelta(hours=next(_minutes))
        slot = Slot.objects.create(
            psychologist=psychologist, starts_at=at, ends_at=at + dt.timedelta(minutes=50), mode=Mode.VIDEO
        )
        Booking.objects.create(
            slot=slot,
            psychologist=psychologist,
            appointment_type=check_up,
            employee=person,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            mode=Mode.VIDEO,
            status=Booking.Status.COMPLETED,
        )


def asked(persons, *, quarter=LAST_QUARTER):
    """Each person asked a colleague for support in that quarter."""
    at = timezone.make_aware(dt.datetime(quarter.year, quarter.month, 3, 21, 0))
    for person in persons:
        SupportRequest.objects.create(
            requester=person, requester_unit=person.unit, status=SupportRequest.Status.CLOSED, created_at=at
        )


def freeze():
    return services.usage_quarters_freeze_due()
