import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.defaults import appointment_types_ensure
from checkups.models import AppointmentType, Location, Mode, Psychologist, Slot

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def types(db):
    """The shipped types (migrate makes them; made again here in case a transactional test flushed them)."""
    appointment_types_ensure()
    return {t.slug: t for t in AppointmentType.objects.all()}


@pytest.fixture
def checkup(types):
    return types["check-up"]


@pytest.fixture
def preventive(types):
    return types["preventive-talk"]


@pytest.fixture
def open_type(types):
    return types["open-consultation"]


@pytest.fixture
def location(db):
    return Location.objects.create(name="Groningen", address="Rademarkt 12")


@pytest.fixture
def profile(petra, location):
    profile = Psychologist.objects.create(
        user=petra,
        languages=",en,nl,",
        video_link="https://video.example.org/petra",
        phone="050-555 0100",
        time_zone="Europe/Amsterdam",
    )
    profile.locations.add(location)
    return profile


@pytest.fixture
def make_slot(profile, checkup, preventive, open_type):
    """A slot of Petra's (or another psychologist's) `days` ahead at `hour` local time."""

    def make(days=3, hour=10, *, psychologist=None, minutes=60, mode=Mode.VIDEO, types=None, start=None):
        psychologist = psychologist or profile
        if start is None:
            day = timezone.localdate() + dt.timedelta(days=days)
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)
        slot = Slot.objects.create(
            psychologist=psychologist,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            mode=mode,
            location=psychologist.locations.first() if mode == Mode.IN_PERSON else None,
        )
        slot.appointment_types.set(types if types is not None else [checkup, preventive, open_type])
        return slot

    return make


@pytest.fixture
def other_psychologist(org):
    from accounts.roles import Role
    from tests.factories import UserFactory, with_totp

    user = with_totp(UserFactory(email="otto@example.org", first_name="Otto", roles=[Role.PSYCHOLOGIST]))
    return Psychologist.objects.create(user=user, languages=",da,", video_link="https://video.example.org/otto")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alices_booking(alice, make_slot, checkup):
    return services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup, note="Nights")


@pytest.fixture
def post_weekly_time(client, checkup):
    """Send the psychologist's "Add a time" form: Wednesdays 09:00-12:00 by video, or as `changes` say."""

    def post(**changes):
        fields = {
            "weekday": 2,
            "start_time": "09:00",
            "end_time": "12:00",
            "slot_minutes": 60,
            "mode": "video",
            "appointment_types": [checkup.pk],
            **changes,
        }
        return client.post(reverse("checkups:window_add"), {f"window-{name}": value for name, value in fields.items()})

    return post
