"""Dates far from today (9999-12-31, 0001-01-01) get a clear message, never a 500 or half a save."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Deployment
from core.errors import DomainError
from notifications.models import OutboxMessage

FAR_DATES = ["9999-12-31", "0001-01-01", "9999-12-25"]


@pytest.mark.parametrize("date", FAR_DATES)
def test_the_week_of_free_times_falls_back_to_today_and_says_so(alice, make_slot, checkup, client, date):
    make_slot(days=1)
    client.force_login(alice)
    response = client.get(reverse("checkups:slots", args=[checkup.slug]), {"date": date})
    assert response.status_code == 200
    assert response.context["first_day"] == timezone.localdate()
    assert "Showing today instead." in response.content.decode()


def test_the_week_at_the_edge_of_the_range_offers_no_later_week(alice, checkup, client):
    client.force_login(alice)
    edge = timezone.localdate() + dt.timedelta(days=2 * 365 - 3)
    response = client.get(reverse("checkups:slots", args=[checkup.slug]), {"date": edge.isoformat()})
    assert response.status_code == 200 and response.context["first_day"] == edge
    assert response.context["next_query"] == ""


@pytest.mark.parametrize("view", ["week", "day"])
@pytest.mark.parametrize("date", FAR_DATES)
def test_the_agenda_shows_today_for_a_date_out_of_range_and_says_so(petra, profile, client, view, date):
    client.force_login(petra)
    response = client.get(reverse("checkups:agenda"), {"view": view, "date": date})
    assert response.status_code == 200
    today = timezone.localdate()
    assert today in [day["day"] for day in response.context["days"]]
    assert "Showing today instead." in response.content.decode()


def test_the_agenda_still_moves_a_week_at_a_time(petra, profile, client):
    client.force_login(petra)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    response = client.get(reverse("checkups:agenda"), {"date": monday.isoformat()})
    assert response.context["next"] == (monday + dt.timedelta(days=7)).isoformat()
    assert "Showing today instead." not in response.content.decode()


@pytest.mark.parametrize(
    "starts_on,ends_on,field",
    [
        ("2026-01-01", "9999-12-31", "ends_on"),
        ("9999-12-25", "9999-12-31", "starts_on"),
        ("0001-01-01", "2026-06-01", "starts_on"),
    ],
)
def test_a_deployment_far_from_today_is_refused_on_the_form_and_nothing_is_saved(
    alice, client, types, starts_on, ends_on, field
):
    client.force_login(alice)
    response = client.post(
        reverse("checkups:deployment_new"),
        {"destination": "Nuuk", "starts_on": starts_on, "ends_on": ends_on, "time_zone": "America/Nuuk"},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Deployment.objects.exists() and not OutboxMessage.objects.exists()


def test_the_officer_cannot_register_a_deployment_ending_in_9999_either(alice, wim, client, types):
    client.force_login(wim)
    today = timezone.localdate()
    response = client.post(
        reverse("checkups:deployments"),
        {
            "employee_email": alice.email,
            "destination": "Nuuk",
            "starts_on": today.isoformat(),
            "ends_on": "9999-12-31",
            "time_zone": "America/Nuuk",
        },
    )
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    assert not Deployment.objects.exists()


@pytest.mark.parametrize("starts_in,ends_in", [(0, 365 * 3 + 1), (2 * 365 + 1, 2 * 365 + 30), (-(2 * 365 + 1), 10)])
def test_the_service_refuses_a_deployment_outside_the_horizon_and_saves_nothing(alice, types, starts_in, ends_in):
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.deployment_register(
            employee=alice,
            destination="Nuuk",
            starts_on=today + dt.timedelta(days=starts_in),
            ends_on=today + dt.timedelta(days=ends_in),
        )
    assert not Deployment.objects.exists() and not OutboxMessage.objects.exists()


def test_the_service_refuses_the_last_representable_day_without_overflowing(alice, types):
    with pytest.raises(DomainError):
        services.deployment_register(
            employee=alice, destination="Nuuk", starts_on=dt.date(9999, 12, 1), ends_on=dt.date.max
        )
    assert not Deployment.objects.exists()


@pytest.mark.parametrize("end_date", ["9999-12-31", "9999-12-30"])
def test_an_absence_until_9999_is_refused_on_the_form_and_nothing_is_saved(petra, profile, client, end_date):
    client.force_login(petra)
    response = client.post(
        reverse("checkups:absence_add"),
        {
            "absence-start_date": timezone.localdate().isoformat(),
            "absence-end_date": end_date,
            "absence-kind": "holiday",
        },
    )
    assert response.status_code == 200 and "Choose a date between" in response.content.decode()
    assert not profile.exceptions.exists()


def test_the_service_refuses_an_absence_until_the_last_day_of_the_calendar(petra, profile):
    with pytest.raises(DomainError):
        services.absence_create(
            psychologist=profile, start_date=timezone.localdate(), end_date=dt.date.max, kind="holiday"
        )
    assert not profile.exceptions.exists()


def test_weekly_times_valid_until_9999_are_refused_on_the_form(petra, profile, post_weekly_time, client):
    client.force_login(petra)
    response = post_weekly_time(valid_until="9999-12-31")
    assert response.status_code == 200 and "Choose a date between" in response.content.decode()
    assert not profile.windows.exists()


@pytest.mark.parametrize("params", [{"language": "\x00"}, {"mode": "x\x00"}, {"location": "\x00"}, {"location": "1e9"}])
def test_filters_the_week_does_not_offer_are_ignored_on_the_booking_page(alice, make_slot, checkup, client, params):
    """A NUL character in the language filter reached PostgreSQL, which refuses it: a 500."""
    slot = make_slot(days=3)
    client.force_login(alice)
    response = client.get(reverse("checkups:book", args=[checkup.slug, slot.pk]), params)
    assert response.status_code == 200 and response.context["options"] == [slot]
