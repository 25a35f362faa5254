"""Free text in check-ups has a limit on the form (with both numbers) and in the service."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import (
    ALIAS_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    AppointmentType,
    Booking,
    Deployment,
    Mode,
)
from core.errors import DomainError


def test_a_booking_note_over_the_limit_is_refused_with_its_length(alice, make_slot, checkup, client):
    slot = make_slot(days=3)
    client.force_login(alice)
    response = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": slot.pk, "note": "n" * 501})
    assert "Please keep this to at most 500 characters. It has 501 now." in response.content.decode()
    assert not Booking.objects.exists()


def test_a_video_link_longer_than_its_column_is_refused_on_the_form(petra, profile, location, client):
    """PostgreSQL refused the value (a 500), SQLite stored it: the form now says so for both."""
    client.force_login(petra)
    long_link = "https://video.example.org/" + "r" * 200
    response = client.post(
        reverse("checkups:profile_save"),
        {
            "profile-language_list": ["nl"],
            "profile-offers_video": "on",
            "profile-locations": [location.pk],
            "profile-video_link": long_link,
            "profile-time_zone": "Europe/Amsterdam",
        },
    )
    assert response.status_code == 200
    assert "profile-video_link" in response.content.decode() and "It has 226 now." in response.content.decode()
    profile.refresh_from_db()
    assert profile.video_link == "https://video.example.org/petra"


def test_an_appointment_type_description_over_the_limit_is_refused(wim, client, types):
    client.force_login(wim)
    response = client.post(
        reverse("checkups:type_new"),
        {
            "slug": "long",
            "name_en": "Long",
            "name_nl": "Lang",
            "name_da": "Lang",
            "description_en": "d" * 1001,
            "duration_minutes": 60,
            "bookable_by": "everyone",
            "active": "on",
            "order": 1,
        },
    )
    assert response.status_code == 200 and "It has 1001 now." in response.content.decode()
    assert not AppointmentType.objects.filter(slug="long").exists()


def test_the_service_refuses_a_destination_longer_than_its_column(alice, types):
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.deployment_register(
            employee=alice, destination="N" * 121, starts_on=today, ends_on=today + dt.timedelta(days=30)
        )
    assert not Deployment.objects.exists()


def test_the_booking_page_shows_the_limits_that_the_form_and_the_service_hold(make_slot, open_type, client):
    slot = make_slot(days=3, mode=Mode.PHONE)
    page = client.get(reverse("checkups:open_book", args=[open_type.slug, slot.pk])).content.decode()
    for name, limit in (("note", NOTE_MAX_LENGTH), ("alias", ALIAS_MAX_LENGTH), ("call_number", PHONE_MAX_LENGTH)):
        assert re.search(rf'id="id_{name}"[^>]* maxlength="{limit}"', page), name
    with pytest.raises(DomainError):
        services.open_consultation_book(
            slot=slot,
            appointment_type=open_type,
            alias="Robin",
            note="n" * (NOTE_MAX_LENGTH + 1),
            call_number="+31612345678",
        )
    assert not Booking.objects.exists()


def test_an_appointment_is_between_15_and_240_minutes_long(petra, profile, post_weekly_time, client):
    client.force_login(petra)
    response = post_weekly_time(slot_minutes=10)
    assert response.status_code == 200 and "Between 15 and 240 minutes." in response.content.decode()
    assert not profile.windows.exists()
