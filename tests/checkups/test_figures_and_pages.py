import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking
from checkups.selectors import no_show_rate, utilisation_by_week


def test_a_deadlock_that_reaches_the_service_is_the_slot_taken_message(alice, make_slot, checkup):
    class Deadlock(Exception):
        pgcode = "40P01"

    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlock()
    with mock.patch("checkups.services.booking.Booking.save", side_effect=error):
        with pytest.raises(services.SlotTaken):
            services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    other = OperationalError("disk full")
    with mock.patch("checkups.services.booking.Booking.save", side_effect=other):
        with pytest.raises(OperationalError):  # anything else is not dressed up as a lost race
            services.booking_create(slot=make_slot(days=4), employee=alice, appointment_type=checkup)


def test_after_the_cut_off_my_appointments_says_whom_to_call_and_offers_no_cancel(alice, make_slot, checkup, client):
    slot = make_slot(start=timezone.now() + dt.timedelta(hours=6))
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    client.force_login(alice)
    page = client.get(reverse("checkups:my_appointments")).content.decode()
    assert "050-555 0100" in page
    assert reverse("checkups:cancel", args=[booking.pk]) not in page
    response = client.post(reverse("checkups:cancel", args=[booking.pk]), follow=True)
    assert "050-555 0100" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_the_agenda_has_a_day_and_a_week_view(alice, petra, make_slot, checkup, client, open_type):
    named = services.booking_create(slot=make_slot(days=2, hour=10), employee=alice, appointment_type=checkup)
    anonymous = services.open_consultation_book(
        slot=make_slot(days=2, hour=12), appointment_type=open_type, alias="Robin"
    )
    client.force_login(petra)
    day = timezone.localdate(named.starts_at).isoformat()
    page = client.get(reverse("checkups:agenda") + f"?view=day&date={day}").content.decode()
    assert "Alice" in page and "Robin" in page
    assert reverse("checkups:agenda_booking", args=[anonymous.booking.pk]) in page
    week = client.get(reverse("checkups:agenda") + f"?view=week&date={day}")
    assert week.status_code == 200 and "Alice" in week.content.decode()
    assert client.get(reverse("checkups:agenda") + "?date=garbage").status_code == 200


def test_utilisation_and_no_show_rate_are_counts_per_psychologist_and_week(alice, charlie, make_slot, checkup):
    first = services.booking_create(slot=make_slot(days=2, hour=9), employee=alice, appointment_type=checkup)
    second = services.booking_create(slot=make_slot(days=2, hour=11), employee=charlie, appointment_type=checkup)
    make_slot(days=2, hour=14)
    make_slot(days=2, hour=16)
    services.booking_mark(booking=first, outcome="completed", now=first.starts_at + dt.timedelta(minutes=1))
    services.booking_mark(booking=second, outcome="no_show", now=second.starts_at + dt.timedelta(minutes=1))
    start, end = timezone.now() - dt.timedelta(days=7), timezone.now() + dt.timedelta(days=14)
    rows = utilisation_by_week(start=start, end=end)
    assert len(rows) == 1
    row = rows[0]
    assert (row["offered"], row["booked"], row["completed"], row["no_show"]) == (4, 2, 1, 1)
    assert row["utilisation"] == 50 and row["no_show_rate"] == 50
    assert set(row) == {
        "psychologist_id",
        "psychologist",
        "week",
        "offered",
        "booked",
        "completed",
        "no_show",
        "utilisation",
        "no_show_rate",
    }
    assert no_show_rate(start=start, end=end) == {"held": 2, "no_show": 1, "rate": 50}


def test_the_psychologist_saves_the_profile_and_registers_days_away(petra, profile, location, client):
    client.force_login(petra)
    response = client.post(
        reverse("checkups:availability"),
        {
            "form": "profile",
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
        reverse("checkups:availability"),
        {"form": "absence", "absence-start_date": day, "absence-end_date": day, "absence-kind": "holiday"},
    )
    assert response.status_code == 302 and profile.exceptions.count() == 1
    backwards = client.post(
        reverse("checkups:availability"),
        {"form": "absence", "absence-start_date": day, "absence-end_date": day - dt.timedelta(days=2)},
    )
    assert backwards.status_code == 200 and profile.exceptions.count() == 1


def test_deployments_are_registered_by_the_employee_or_the_wellbeing_officer(alice, wim, mona, client):
    start = timezone.localdate() + dt.timedelta(days=20)
    data = {
        "destination": "Nuuk",
        "starts_on": start,
        "ends_on": start + dt.timedelta(days=60),
        "time_zone": "America/Nuuk",
    }
    client.force_login(alice)
    assert client.post(reverse("checkups:deployment_new"), data).status_code == 302
    assert alice.deployments.count() == 1
    client.force_login(mona)
    assert client.get(reverse("checkups:deployments")).status_code == 403
    client.force_login(wim)
    response = client.post(reverse("checkups:deployments"), {**data, "employee_email": "alice@example.org"})
    assert response.status_code == 302 and alice.deployments.count() == 2
    unknown = client.post(reverse("checkups:deployments"), {**data, "employee_email": "nobody@example.org"})
    assert unknown.status_code == 200 and alice.deployments.count() == 2


def test_the_invitation_of_a_moved_appointment_is_only_the_new_one(alice, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    moved = services.booking_reschedule(booking=booking, new_slot=make_slot(days=4))
    client.force_login(alice)
    assert client.get(reverse("checkups:invitation", args=[booking.pk])).status_code == 404
    ics = client.get(reverse("checkups:invitation", args=[moved.pk])).content.decode()
    assert "METHOD:REQUEST" in ics and "SEQUENCE:1" in ics and str(booking.uid) in ics
    assert client.get(reverse("checkups:confirmed", args=[booking.pk])).status_code == 302
