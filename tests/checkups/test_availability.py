"""The psychologist's availability: the profile, weekly times and days away."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, Slot
from notifications.models import OutboxMessage


def test_the_psychologist_saves_the_profile_and_registers_days_away(petra, profile, location, client):
    client.force_login(petra)
    response = client.post(
        reverse("checkups:profile_save"),
        {
            "profile-language_list": ["nl", "da"],
            "profile-offers_video": "on",
            "profile-offers_in_person": "on",
            "profile-locations": [location.pk],
            "profile-video_link": "https://video.example.org/new",
            "profile-phone": "050-1",
            "profile-time_zone": "Europe/Copenhagen",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.language_codes == ["da", "nl"] and profile.time_zone == "Europe/Copenhagen"
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("checkups:absence_add"),
        {"absence-start_date": day, "absence-end_date": day, "absence-kind": "holiday"},
    )
    assert response.status_code == 302 and profile.exceptions.count() == 1
    backwards = client.post(
        reverse("checkups:absence_add"),
        {"absence-start_date": day, "absence-end_date": day - dt.timedelta(days=2)},
    )
    assert backwards.status_code == 200 and profile.exceptions.count() == 1


def test_the_psychologist_sets_weekly_times_and_slots_appear(petra, profile, post_weekly_time, client):
    client.force_login(petra)
    response = post_weekly_time()
    assert response.status_code == 302
    assert profile.slots.count() >= 3 * 7
    overlapping = post_weekly_time(start_time="11:00", end_time="13:00")
    assert overlapping.status_code == 200 and profile.windows.count() == 1


def test_an_absence_cancels_the_day_tells_each_person_and_holds_a_new_time(alice, profile, make_slot, checkup):
    slot = make_slot(days=3, hour=10)
    replacement = make_slot(days=6, hour=10)
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    day = timezone.localdate(slot.starts_at)
    _absence, cancelled = services.absence_create(psychologist=profile, start_date=day, end_date=day, kind="sick")
    assert [b.pk for b in cancelled] == [booking.pk]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == Booking.CancelledBy.PSYCHOLOGIST
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED
    notice = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:cancelled:1").get()
    assert notice.context["offer_path"] == reverse("checkups:held", args=[replacement.pk])
    assert notice.attachments[0]["content"].count("METHOD:CANCEL") == 1
    replacement.refresh_from_db()
    assert replacement.held_for == alice


@pytest.mark.parametrize("name", ["checkups:profile_save", "checkups:window_add", "checkups:absence_add"])
def test_each_form_of_the_page_is_sent_to_its_own_action_and_only_by_a_psychologist(
    name, petra, alice, profile, client
):
    client.force_login(petra)
    page = client.get(reverse("checkups:availability"))
    assert f'action="{reverse(name)}"' in page.content.decode()
    assert client.get(reverse(name)).status_code == 405
    assert client.post(reverse("checkups:availability")).status_code == 405
    client.force_login(alice)
    assert client.post(reverse(name)).status_code == 403
