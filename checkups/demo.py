"""Demo data: the demo psychologist gets a profile, weekly times and a realistic week. Idempotent."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder

from .models import AppointmentType, Booking, Location, Mode, Slot

PSYCHOLOGIST_EMAIL = "psychologist@demo.example"
# weekday, start, end, mode, location?, type slugs
WINDOWS = [
    (0, dt.time(9), dt.time(12), Mode.IN_PERSON, True, ["check-up", "preventive-talk", "deployment-talk"]),
    (0, dt.time(13), dt.time(16), Mode.VIDEO, False, ["check-up", "preventive-talk", "deployment-talk"]),
    (
        1,
        dt.time(9),
        dt.time(12),
        Mode.VIDEO,
        False,
        ["check-up", "preventive-talk", "deployment-talk", "open-consultation"],
    ),
    (2, dt.time(13), dt.time(17), Mode.IN_PERSON, True, ["check-up", "preventive-talk"]),
    (3, dt.time(9), dt.time(12), Mode.PHONE, False, ["check-up", "preventive-talk", "open-consultation"]),
    (3, dt.time(13), dt.time(16), Mode.VIDEO, False, ["check-up", "deployment-talk"]),
    (4, dt.time(9), dt.time(12), Mode.IN_PERSON, True, ["check-up", "preventive-talk"]),
]


@demo_seeder
def seed_checkups(*, stdout):
    # The appointment types are there already: migrate makes them (checkups/apps.py).
    from .services import psychologist_profile_ensure, slots_materialise

    user = User.objects.filter(email=PSYCHOLOGIST_EMAIL).first()
    if user is None:
        return
    location, _created = Location.objects.get_or_create(
        name="Groningen, Hoofdbureau", defaults={"address": "Rademarkt 12, Groningen"}
    )
    Location.objects.get_or_create(name="Leeuwarden", defaults={"address": "Holstmeerweg 1, Leeuwarden"})
    psychologist = psychologist_profile_ensure(user=user)
    psychologist.language_codes = ["en", "nl", "da"]
    psychologist.video_link = psychologist.video_link or "https://video.example.org/room/sanne-visser"
    psychologist.phone = psychologist.phone or "050-555 0120"
    psychologist.save()
    psychologist.locations.add(location)
    types = {t.slug: t for t in AppointmentType.objects.all()}
    for weekday, start, end, mode, in_person, slugs in WINDOWS:
        window, created = psychologist.windows.get_or_create(
            weekday=weekday,
            start_time=start,
            defaults={"end_time": end, "mode": mode, "location": location if in_person else None},
        )
        if created:
            window.appointment_types.set([types[s] for s in slugs if s in types])
    slots_materialise(psychologist=psychologist)
    if Booking.objects.filter(psychologist=psychologist).exists():
        return
    # A realistic week: a few colleagues booked, one open consultation. Written directly
    # (demo only) so that no e-mails go out.
    colleagues = list(User.objects.filter(email__startswith="colleague").order_by("email")[:4])
    now = timezone.now()
    free = list(
        Slot.objects.filter(psychologist=psychologist, starts_at__gt=now, starts_at__lt=now + dt.timedelta(days=7))
        .filter(appointment_types=types["check-up"])
        .order_by("starts_at")
    )
    picks = free[1::4][: len(colleagues) + 1]
    for index, slot in enumerate(picks):
        employee = colleagues[index] if index < len(colleagues) else None
        kind = types["preventive-talk"] if index % 2 else types["check-up"]
        if employee is None and not slot.appointment_types.filter(slug="open-consultation").exists():
            continue
        Booking.objects.create(
            slot=slot,
            psychologist=psychologist,
            appointment_type=kind if employee else types["open-consultation"],
            employee=employee,
            alias="" if employee else "Robin",
            starts_at=slot.starts_at,
            ends_at=slot.starts_at
            + dt.timedelta(minutes=(kind if employee else types["open-consultation"]).duration_minutes),
            mode=slot.mode,
            location=slot.location,
            # A phone talk always has a number to call (made-up ones in the demo).
            call_number=f"+3161234567{index}" if slot.mode == Mode.PHONE else "",
        )
    # Last week's talks, so the agenda and the figures have a past: three held, one missed.
    tz = psychologist.tzinfo
    for days_ago, outcome in ((1, "completed"), (2, "completed"), (3, "no_show"), (6, "completed")):
        day = timezone.localdate(now, tz) - dt.timedelta(days=days_ago)
        starts_at = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
        slot, _created = Slot.objects.get_or_create(
            psychologist=psychologist,
            starts_at=starts_at,
            defaults={"ends_at": starts_at + dt.timedelta(hours=1), "mode": Mode.VIDEO},
        )
        slot.appointment_types.add(types["check-up"])
        employee = colleagues[days_ago % len(colleagues)] if colleagues else None
        if employee is None:
            continue
        Booking.objects.create(
            slot=slot,
            psychologist=psychologist,
            appointment_type=types["check-up"],
            employee=employee,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
            mode=Mode.VIDEO,
            status=outcome,
        )
    stdout.write(f"Check-ups: a week of demo appointments for {PSYCHOLOGIST_EMAIL}.")
