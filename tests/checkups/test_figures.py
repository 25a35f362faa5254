"""Figures for the wellbeing officer: counts per psychologist and week, never a name."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.selectors import no_show_rate, utilisation_by_week


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


def test_managers_see_no_names_in_figures_nor_the_booking_admin(alices_booking, mona, wim, client, admin_client):
    client.force_login(mona)
    assert client.get(reverse("checkups:figures")).status_code == 403
    assert client.get(reverse("admin:checkups_booking_changelist")).status_code in (302, 403)
    client.force_login(wim)
    figures = client.get(reverse("checkups:figures")).content.decode()
    assert "Alice" not in figures and "alice@example.org" not in figures
    admin_response = admin_client.get(reverse("admin:checkups_booking_changelist"))
    assert admin_response.status_code == 200
    admin_page = admin_response.content.decode()
    assert "Alice" not in admin_page and "Nights" not in admin_page
