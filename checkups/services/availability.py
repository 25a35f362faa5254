"""Availability: profiles, weekly windows, absences, and the slots made from them."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from ..models import AvailabilityException, AvailabilityWindow, Booking, Mode, Psychologist, Slot
from .booking import booking_cancel

# How far from today the agenda and the weeks of free times reach: weekly times and absences
# are planned within it. Bookable times exist only weeks ahead; a date such as 9999-12-31
# would overflow the arithmetic of the week around it.
PLANNING_SPAN = dt.timedelta(days=2 * 365)


def psychologist_profile_ensure(*, user) -> Psychologist:
    """The profile of a user with the psychologist role, made when something first needs it."""
    profile, _created = Psychologist.objects.get_or_create(user=user, defaults={"time_zone": user.time_zone})
    return profile


def _saved(psychologist: Psychologist) -> Psychologist:
    # Pages show a psychologist who has saved nothing yet an unsaved profile with the defaults
    # (access.psychologist_for_user); the first write for them makes the row.
    return psychologist if psychologist.pk is not None else psychologist_profile_ensure(user=psychologist.user)


@transaction.atomic
def psychologist_profile_save(
    *,
    psychologist: Psychologist,
    languages,
    locations,
    offers_video: bool,
    offers_phone: bool,
    offers_in_person: bool,
    video_link: str,
    phone: str,
    time_zone: str,
    now: dt.datetime | None = None,
) -> Psychologist:
    """Save the psychologist's profile, then make their free times again: the ways of talking
    and the time zone decide which times are offered."""
    psychologist = _saved(psychologist)
    psychologist.language_codes = languages
    psychologist.offers_video, psychologist.offers_phone = offers_video, offers_phone
    psychologist.offers_in_person = offers_in_person
    psychologist.video_link, psychologist.phone, psychologist.time_zone = video_link, phone, time_zone
    psychologist.save()
    psychologist.locations.set(locations)
    slots_rebuild(psychologist=psychologist, now=now)
    return psychologist


def _local_datetime(day: dt.date, time: dt.time, tz) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


def _wanted_slots(psychologist: Psychologist, windows, absences, *, first_day, last_day, now):
    """(window, start UTC, end UTC) for every slot the windows give between the two days."""
    tz = psychologist.tzinfo
    earliest = now + dt.timedelta(minutes=settings.CHECKUPS_MIN_NOTICE_MINUTES)
    day = first_day
    while day <= last_day:
        away = any(a.start_date <= day <= a.end_date for a in absences)
        if not away:
            for window in windows:
                if window.weekday != day.weekday():
                    continue
                if (window.valid_from and day < window.valid_from) or (window.valid_until and day > window.valid_until):
                    continue
                step = dt.timedelta(minutes=window.slot_minutes)
                start = _local_datetime(day, window.start_time, tz)
                end_of_window = _local_datetime(day, window.end_time, tz)
                while start + step <= end_of_window:
                    # Arithmetic on wall-clock times, then conversion: 09:00 stays 09:00 across DST.
                    starts_at = start.astimezone(dt.UTC)
                    ends_at = (start + step).astimezone(dt.UTC)
                    if starts_at > earliest:
                        yield window, starts_at, ends_at
                    start = start + step
        day += dt.timedelta(days=1)


@transaction.atomic
def slots_materialise(*, psychologist: Psychologist, now: dt.datetime | None = None, weeks: int | None = None) -> int:
    """Make the slots of the weeks ahead from the psychologist's windows; returns how many were new.

    Idempotent: a slot that exists (same psychologist and start) is left alone. The
    psychologist's row is locked so that two runs at once cannot insert the same slot.
    """
    now = now or timezone.now()
    weeks = settings.CHECKUPS_WEEKS_AHEAD if weeks is None else weeks
    psychologist = Psychologist.objects.select_for_update().get(pk=psychologist.pk)
    if not psychologist.active:
        return 0
    tz = psychologist.tzinfo
    first_day = timezone.localtime(now, tz).date()
    last_day = first_day + dt.timedelta(days=7 * weeks - 1)
    windows = list(psychologist.windows.select_related("location").prefetch_related("appointment_types"))
    absences = list(psychologist.exceptions.filter(end_date__gte=first_day, start_date__lte=last_day))
    existing = list(
        Slot.objects.filter(
            psychologist=psychologist,
            starts_at__gte=_local_datetime(first_day, dt.time(0), tz),
            starts_at__lt=_local_datetime(last_day + dt.timedelta(days=1), dt.time(0), tz),
        ).values_list("starts_at", "ends_at")
    )
    taken = list(existing)
    new_slots, new_types = [], []
    for window, starts_at, ends_at in _wanted_slots(
        psychologist, windows, absences, first_day=first_day, last_day=last_day, now=now
    ):
        if any(s < ends_at and starts_at < e for s, e in taken):
            continue
        taken.append((starts_at, ends_at))
        new_slots.append(
            Slot(
                psychologist=psychologist,
                window=window,
                starts_at=starts_at,
                ends_at=ends_at,
                mode=window.mode,
                location=window.location if window.mode == Mode.IN_PERSON else None,
            )
        )
        new_types.append([t.pk for t in window.appointment_types.all()])
    created = Slot.objects.bulk_create(new_slots, batch_size=500)
    through = Slot.appointment_types.through
    through.objects.bulk_create(
        [
            through(slot_id=slot.pk, appointmenttype_id=type_id)
            for slot, type_ids in zip(created, new_types, strict=True)
            for type_id in type_ids
        ],
        batch_size=1000,
    )
    return len(created)


def slots_materialise_all(*, now: dt.datetime | None = None) -> int:
    """The daily job: every active psychologist's weeks ahead (one short transaction each)."""
    total = 0
    for psychologist in Psychologist.objects.filter(active=True, windows__isnull=False).distinct():
        total += slots_materialise(psychologist=psychologist, now=now)
    return total


def _unbooked_future_slots(psychologist: Psychologist, now: dt.datetime):
    ever_booked = Booking.objects.filter(slot=OuterRef("pk"))
    return Slot.objects.filter(psychologist=psychologist, starts_at__gt=now).filter(~Exists(ever_booked))


@transaction.atomic
def slots_rebuild(*, psychologist: Psychologist, now: dt.datetime | None = None) -> int:
    """After the windows changed: drop future slots nobody booked, then make them again."""
    now = now or timezone.now()
    Psychologist.objects.select_for_update().get(pk=psychologist.pk)
    _unbooked_future_slots(psychologist, now).filter(wait_offers__isnull=True).delete()
    return slots_materialise(psychologist=psychologist, now=now)


def _windows_overlap(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


@transaction.atomic
def window_create(
    *,
    psychologist: Psychologist,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    mode: str,
    appointment_types,
    location=None,
    slot_minutes: int = 60,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> AvailabilityWindow:
    psychologist = _saved(psychologist)
    if end_time <= start_time:
        raise DomainError(_("The end time must be after the start time."))
    if mode == Mode.IN_PERSON and location is None:
        raise DomainError(_("Choose the location for talks in person."))
    if mode not in psychologist.modes:
        raise DomainError(_("Your profile does not offer this way of talking."))
    appointment_types = list(appointment_types)
    if not appointment_types:
        raise DomainError(_("Choose at least one kind of appointment."))
    too_long = [t for t in appointment_types if t.duration_minutes > slot_minutes]
    if too_long:
        raise DomainError(
            _("%(type)s takes %(minutes)s minutes: make the appointments at least that long.")
            % {"type": too_long[0].name, "minutes": too_long[0].duration_minutes}
        )
    for other in psychologist.windows.filter(weekday=weekday):
        if _windows_overlap(start_time, end_time, other.start_time, other.end_time):
            raise DomainError(_("This overlaps another time you are available on that day."))
    window = AvailabilityWindow.objects.create(
        psychologist=psychologist,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        mode=mode,
        location=location if mode == Mode.IN_PERSON else None,
        slot_minutes=slot_minutes,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    window.appointment_types.set(appointment_types)
    slots_materialise(psychologist=psychologist, now=now)
    return window


@transaction.atomic
def window_delete(*, window: AvailabilityWindow, now: dt.datetime | None = None) -> None:
    """Remove a window; booked talks stay (the psychologist cancels them separately if needed)."""
    now = now or timezone.now()
    psychologist = window.psychologist
    _unbooked_future_slots(psychologist, now).filter(window=window, wait_offers__isnull=True).delete()
    Slot.objects.filter(window=window, starts_at__gt=now, status=Slot.Status.OPEN).filter(
        ~Exists(Booking.objects.filter(slot=OuterRef("pk")).exclude(status=Booking.Status.CANCELLED))
    ).update(status=Slot.Status.CANCELLED)
    window.delete()


@transaction.atomic
def absence_create(
    *, psychologist: Psychologist, start_date: dt.date, end_date: dt.date, kind: str, now: dt.datetime | None = None
) -> tuple[AvailabilityException, list[Booking]]:
    """Register days away: close their slots, cancel the talks on them, and offer each person a new time.

    Every booked employee is told through the outbox, with a replacement slot held for
    them for `CHECKUPS_HOLD_HOURS` when one is free.
    """
    now = now or timezone.now()
    psychologist = _saved(psychologist)
    if end_date < start_date:
        raise DomainError(_("The last day must be on or after the first day."))
    today = timezone.localtime(now, psychologist.tzinfo).date()
    if end_date < today:
        raise DomainError(_("These days have already passed."))
    if end_date > today + PLANNING_SPAN:
        # Checked before anything is written: the day after the last (below) must exist.
        raise DomainError(_("Register absences up to two years ahead."))
    absence = AvailabilityException.objects.create(
        psychologist=psychologist, start_date=start_date, end_date=end_date, kind=kind
    )
    tz = psychologist.tzinfo
    range_start = _local_datetime(start_date, dt.time(0), tz)
    range_end = _local_datetime(end_date + dt.timedelta(days=1), dt.time(0), tz)
    slots = Slot.objects.select_for_update().filter(
        psychologist=psychologist, starts_at__gte=max(range_start, now), starts_at__lt=range_end
    )
    slot_ids = list(slots.values_list("pk", flat=True))
    Slot.objects.filter(pk__in=slot_ids).update(status=Slot.Status.CANCELLED, held_for=None, held_until=None)
    cancelled = []
    bookings = Booking.objects.filter(slot_id__in=slot_ids, status=Booking.Status.BOOKED).select_related(
        "employee", "psychologist__user", "location", "appointment_type"
    )
    for booking in bookings:
        cancelled.append(
            booking_cancel(booking=booking, by=Booking.CancelledBy.PSYCHOLOGIST, now=now, reason="absence")
        )
    return absence, cancelled
