"""Read-side queries shared by views, services and the benchmark.

The free-slot page must cost the same number of queries for one psychologist or fifty:
everything it shows comes from a fixed set of queries, aggregated in the database.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import (
    AppointmentType,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    Location,
    Psychologist,
    Slot,
)


def active_booking_exists():
    return Exists(Booking.objects.filter(slot=OuterRef("pk")).exclude(status=Booking.Status.CANCELLED))


def free_slots(
    *,
    appointment_type: AppointmentType,
    user=None,
    now: dt.datetime | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    language: str = "",
    mode: str = "",
    location: Location | None = None,
    psychologist: Psychologist | None = None,
):
    """Open, unbooked slots serving the type, not held for someone else, far enough ahead."""
    now = now or timezone.now()
    earliest = now + dt.timedelta(minutes=settings.CHECKUPS_MIN_NOTICE_MINUTES)
    slots = Slot.objects.filter(
        status=Slot.Status.OPEN,
        starts_at__gt=max(earliest, start) if start else earliest,
        appointment_types=appointment_type,
        psychologist__active=True,
        psychologist__user__is_active=True,  # someone who left offers no times
    ).filter(~active_booking_exists())
    held_ok = Q(held_until__isnull=True) | Q(held_until__lte=now)
    if user is not None and user.is_authenticated:
        held_ok |= Q(held_for=user)
    slots = slots.filter(held_ok)
    if end is not None:
        slots = slots.filter(starts_at__lt=end)
    if language:
        slots = slots.filter(psychologist__languages__contains=f",{language},")
    if mode:
        slots = slots.filter(mode=mode)
    if location is not None:
        slots = slots.filter(location=location)
    if psychologist is not None:
        slots = slots.filter(psychologist=psychologist)
    return slots


@dataclass
class FreeTime:
    starts_at: dt.datetime
    slot_id: int  # the first slot at this time; the booking page offers the others
    count: int


@dataclass
class FreeDay:
    day: dt.date
    times: list[FreeTime] = field(default_factory=list)


def free_week(*, slots, first_day: dt.date, tz, days: int = 7) -> list[FreeDay]:
    """The week view: per local day, each free start time once (one aggregated query)."""
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(first_day + dt.timedelta(days=days), dt.time(0), tzinfo=tz)
    rows = (
        slots.filter(starts_at__gte=start, starts_at__lt=end)
        .order_by()
        .values("starts_at")
        .annotate(first=Min("pk"), n=Count("pk"))
        .order_by("starts_at")
    )
    week = {first_day + dt.timedelta(days=i): FreeDay(day=first_day + dt.timedelta(days=i)) for i in range(days)}
    for row in rows:
        local = timezone.localtime(row["starts_at"], tz)
        if local.date() in week:
            week[local.date()].times.append(FreeTime(starts_at=row["starts_at"], slot_id=row["first"], count=row["n"]))
    return list(week.values())


def offered_languages() -> list[str]:
    codes = set()
    for languages in Psychologist.objects.filter(active=True).values_list("languages", flat=True).distinct():
        codes.update(code for code in languages.split(",") if code)
    return sorted(codes)


def bookings_for_employee(user):
    return (
        Booking.objects.filter(employee=user)
        .exclude(status=Booking.Status.CANCELLED, cancelled_by=Booking.CancelledBy.RESCHEDULED)
        .select_related("psychologist__user", "appointment_type", "location")
        .order_by("starts_at")
    )


def last_call_number(user) -> str:
    """The number the person gave for their latest phone call, offered again (to them only)."""
    numbers = (
        Booking.objects.filter(employee=user).exclude(call_number="").order_by("-created_at", "-pk")
    ).values_list("call_number", flat=True)[:1]
    return next(iter(numbers), "")


def agenda_for(psychologist: Psychologist, *, start: dt.datetime, end: dt.datetime):
    if psychologist.pk is None:  # a profile not saved yet (access.psychologist_for_user) has nothing
        return Booking.objects.none()
    return (
        Booking.objects.filter(psychologist=psychologist, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)  # a cancelled talk leaves the agenda; the e-mail said so
        .select_related("employee", "appointment_type", "location")
        .order_by("starts_at")
    )


def follow_up_times(psychologist: Psychologist, *, now: dt.datetime | None = None):
    """The psychologist's own free times from an hour from now, for booking someone's next talk."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(
            psychologist=psychologist, status=Slot.Status.OPEN, starts_at__gt=now + dt.timedelta(hours=1)
        )
        .filter(~active_booking_exists())
        .order_by("starts_at")[:40]
    )


def free_slot_count(psychologist: Psychologist, *, start: dt.datetime, end: dt.datetime) -> int:
    """How many of the psychologist's own times in the period nobody has booked."""
    if psychologist.pk is None:
        return 0
    return (
        Slot.objects.filter(psychologist=psychologist, starts_at__gte=start, starts_at__lt=end, status=Slot.Status.OPEN)
        .filter(~active_booking_exists())
        .count()
    )


def windows_of(psychologist: Psychologist):
    if psychologist.pk is None:
        return AvailabilityWindow.objects.none()
    return psychologist.windows.select_related("location").prefetch_related("appointment_types")


def absences_ahead(psychologist: Psychologist):
    if psychologist.pk is None:
        return AvailabilityException.objects.none()
    return psychologist.exceptions.filter(end_date__gte=timezone.localdate())


def utilisation_by_week(*, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Per psychologist and week: slots offered, booked, completed, no-shows. Counts only, no names of bookers."""
    offered = (
        Slot.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(status=Slot.Status.OPEN) | active_booking_exists())
        .annotate(week=TruncWeek("starts_at"))
        .order_by()
        .values("psychologist", "week")
        .annotate(n=Count("pk"))
    )
    booked = (
        Booking.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .annotate(week=TruncWeek("starts_at"))
        .order_by()
        .values("psychologist", "week")
        .annotate(
            n=Count("pk"),
            completed=Count("pk", filter=Q(status=Booking.Status.COMPLETED)),
            no_show=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
        )
    )
    table: dict[tuple, dict] = {}

    def row(item):
        week = item["week"]
        key = (item["psychologist"], week.date() if isinstance(week, dt.datetime) else week)
        return table.setdefault(
            key,
            {"psychologist_id": key[0], "week": key[1], "offered": 0, "booked": 0, "completed": 0, "no_show": 0},
        )

    for item in offered:
        row(item)["offered"] = item["n"]
    for item in booked:
        entry = row(item)
        entry.update(booked=item["n"], completed=item["completed"], no_show=item["no_show"])
    names = {
        p.pk: p.display_name
        for p in Psychologist.objects.select_related("user").filter(pk__in={key[0] for key in table})
    }
    rows = sorted(table.values(), key=lambda r: (names.get(r["psychologist_id"], ""), r["week"]))
    for entry in rows:
        entry["psychologist"] = names.get(entry["psychologist_id"], "")
        entry["utilisation"] = round(100 * entry["booked"] / entry["offered"]) if entry["offered"] else None
        held = entry["completed"] + entry["no_show"]
        entry["no_show_rate"] = round(100 * entry["no_show"] / held) if held else None
    return rows


def no_show_rate(*, start: dt.datetime, end: dt.datetime) -> dict:
    held = Booking.objects.filter(
        starts_at__gte=start, starts_at__lt=end, status__in=[Booking.Status.COMPLETED, Booking.Status.NO_SHOW]
    ).aggregate(total=Count("pk"), no_show=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)))
    rate = round(100 * held["no_show"] / held["total"]) if held["total"] else None
    return {"held": held["total"], "no_show": held["no_show"], "rate": rate}
