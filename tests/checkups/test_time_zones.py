"""Local times across a daylight-saving change, and each person's own time zone."""

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Mode, Slot

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


NUUK = zoneinfo.ZoneInfo("America/Nuuk")


def test_weekly_windows_keep_their_local_time_across_a_daylight_saving_change(profile, checkup):
    # Summer time in Europe ends on Sunday 25 October 2026.
    with time_machine.travel(dt.datetime(2026, 10, 15, 8, 0, tzinfo=dt.UTC), tick=False):
        services.window_create(
            psychologist=profile,
            weekday=0,
            start_time=dt.time(9),
            end_time=dt.time(11),
            mode=Mode.VIDEO,
            appointment_types=[checkup],
            now=timezone.now(),
        )
    mondays = Slot.objects.filter(psychologist=profile).order_by("starts_at")
    by_date = {}
    for slot in mondays:
        by_date.setdefault(timezone.localtime(slot.starts_at, AMS).date(), []).append(slot)
    before, after = by_date[dt.date(2026, 10, 19)], by_date[dt.date(2026, 10, 26)]
    assert [timezone.localtime(s.starts_at, AMS).time() for s in before] == [dt.time(9), dt.time(10)]
    assert [timezone.localtime(s.starts_at, AMS).time() for s in after] == [dt.time(9), dt.time(10)]
    assert before[0].starts_at.astimezone(dt.UTC).hour == 7  # CEST, UTC+2
    assert after[0].starts_at.astimezone(dt.UTC).hour == 8  # CET, UTC+1
    # Materialising again creates nothing twice.
    assert services.slots_materialise(psychologist=profile, now=dt.datetime(2026, 10, 15, 8, tzinfo=dt.UTC)) == 0


def test_a_reminder_is_24_real_hours_before_across_the_change_and_the_page_shows_the_users_zone(
    alice, profile, make_slot, checkup, client
):
    start = dt.datetime(2026, 10, 26, 9, 0, tzinfo=AMS)  # Monday after the change
    with time_machine.travel(dt.datetime(2026, 10, 20, 8, 0, tzinfo=dt.UTC), tick=False):
        slot = make_slot(start=start)
        booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
        from notifications.models import OutboxMessage

        reminder = OutboxMessage.objects.get(template="checkups_reminder")
        assert reminder.due_at == booking.starts_at - dt.timedelta(hours=24)
        assert timezone.localtime(reminder.due_at, AMS).hour == 9  # Sunday 09:00 CET, after the change
        alice.time_zone = "America/Nuuk"
        alice.save()
        client.force_login(alice)
        page = client.get(reverse("checkups:my_appointments")).content.decode()
    nuuk_time = timezone.localtime(booking.starts_at, NUUK).strftime("%H:%M")
    assert nuuk_time == "06:00"
    assert nuuk_time in page
