"""Keeping the duty rota: weekly shifts, extra shifts, absences and swaps.

A coordinator keeps the rota of their own region; the people on it see their own shifts and
may hand one of them to a colleague (a swap: proposed by one, accepted by the other). Every
function checks what it is given, so a form, a test or a command gets the same refusals.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap
from ..models.rota import ABSENCE_NOTE_MAX_LENGTH
from ..rota import rota_candidates, rota_time_zone
from .messaging import portal_path, task_notice

# Limits: an extra shift is at most a day long, an absence at most a year, and the rota is
# planned at most a year ahead.
EXTRA_SHIFT_MAX = dt.timedelta(hours=24)
ABSENCE_MAX_DAYS = 366
ROTA_PLAN_AHEAD_DAYS = 366


def _candidate_check(*, region, kind: str, person) -> None:
    if kind not in DutyKind.values:
        raise DomainError(_("Choose a kind of duty."))
    if not rota_candidates(region=region, kind=kind).filter(pk=person.pk).exists():
        raise DomainError(_("This colleague cannot take this kind of duty in your region."))


def _today(region, now) -> dt.date:
    return (now or timezone.now()).astimezone(rota_time_zone(region)).date()


def _ahead_check(region, day: dt.date, now) -> None:
    if day > _today(region, now) + dt.timedelta(days=ROTA_PLAN_AHEAD_DAYS):
        raise DomainError(_("The rota can be planned at most a year ahead."))


def duty_pattern_save(
    *,
    region,
    person,
    kind: str,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    pattern: DutyPattern | None = None,
    now=None,
) -> DutyPattern:
    """Add a weekly shift to the region's rota, or change one."""
    _candidate_check(region=region, kind=kind, person=person)
    if weekday not in range(7):
        raise DomainError(_("Choose a day of the week."))
    if starts == ends:
        raise DomainError(_("A shift must end at another time than it starts."))
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(_("The last day cannot be before the first day."))
    _ahead_check(region, valid_from, now)
    pattern = pattern or DutyPattern(region=region)
    if pattern.region_id != region.pk:
        raise DomainError(_("This shift is not on your region's rota."))
    pattern.person, pattern.kind, pattern.weekday = person, kind, weekday
    pattern.starts, pattern.ends = starts, ends
    pattern.valid_from, pattern.valid_until = valid_from, valid_until
    pattern.save()
    return pattern


def duty_pattern_delete(*, pattern: DutyPattern) -> None:
    """Take a weekly shift off the rota (with its swaps)."""
    pattern.delete()


def duty_extra_add(
    *, region, person, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, now=None
) -> DutyExtraShift:
    now = now or timezone.now()
    _candidate_check(region=region, kind=kind, person=person)
    if ends_at <= starts_at:
        raise DomainError(_("A shift must end after it starts."))
    if ends_at - starts_at > EXTRA_SHIFT_MAX:
        raise DomainError(_("An extra shift can be at most 24 hours long."))
    if ends_at <= now:
        raise DomainError(_("This shift is already over."))
    _ahead_check(region, starts_at.astimezone(rota_time_zone(region)).date(), now)
    return DutyExtraShift.objects.create(region=region, person=person, kind=kind, starts_at=starts_at, ends_at=ends_at)


def duty_extra_delete(*, extra: DutyExtraShift) -> None:
    extra.delete()


def duty_absence_add(*, region, person, first_day: dt.date, last_day: dt.date, note: str = "", now=None) -> DutyAbsence:
    """Days on which the person's weekly shifts in the region do not count (a holiday, leave)."""
    if not any(rota_candidates(region=region, kind=kind).filter(pk=person.pk).exists() for kind in DutyKind.values):
        raise DomainError(_("This colleague is not on your region's rota."))
    if last_day < first_day:
        raise DomainError(_("The last day cannot be before the first day."))
    if (last_day - first_day).days >= ABSENCE_MAX_DAYS:
        raise DomainError(_("An absence can be at most a year long."))
    if last_day < _today(region, now):
        raise DomainError(_("These days are already past."))
    _ahead_check(region, first_day, now)
    note = note.strip()
    if len(note) > ABSENCE_NOTE_MAX_LENGTH:
        raise DomainError(_("Please keep the note shorter."))
    return DutyAbsence.objects.create(region=region, person=person, first_day=first_day, last_day=last_day, note=note)


def duty_absence_delete(*, absence: DutyAbsence) -> None:
    absence.delete()


def _shift_start(pattern: DutyPattern, on_date: dt.date) -> dt.datetime:
    return dt.datetime.combine(on_date, pattern.starts, tzinfo=rota_time_zone(pattern.region)).astimezone(dt.UTC)


def _swap_path() -> str:
    return portal_path("peer_support:rota_mine")


@transaction.atomic
def duty_swap_propose(*, pattern: DutyPattern, on_date: dt.date, substitute, by, coordinator=False, now=None):
    """Hand the shift of `pattern` on `on_date` to `substitute`. Proposed by the person who has
    the shift, the colleague accepts; recorded by a coordinator (`coordinator=True`), it holds at once."""
    now = now or timezone.now()
    if not coordinator and by.pk != pattern.person_id:
        raise DomainError(_("You can only swap your own shifts."))
    if on_date.weekday() != pattern.weekday or on_date < pattern.valid_from:
        raise DomainError(_("There is no such shift on that day."))
    if pattern.valid_until and on_date > pattern.valid_until:
        raise DomainError(_("There is no such shift on that day."))
    if _shift_start(pattern, on_date) <= now:
        raise DomainError(_("This shift has already started."))
    _ahead_check(pattern.region, on_date, now)
    if substitute.pk == pattern.person_id:
        raise DomainError(_("Choose a colleague other than the one who has the shift."))
    _candidate_check(region=pattern.region, kind=pattern.kind, person=substitute)
    status = DutySwap.Status.ACCEPTED if coordinator else DutySwap.Status.PROPOSED
    try:
        with transaction.atomic():
            swap = DutySwap.objects.create(
                pattern=pattern,
                on_date=on_date,
                substitute=substitute,
                status=status,
                proposed_by=by,
                decided_at=now if coordinator else None,
            )
    except IntegrityError:
        raise DomainError(_("This shift already has a swap. Withdraw that one first.")) from None
    task_notice(key=f"ps:rota:swap:{swap.pk}:{status}", recipient=substitute, due_at=now, path=_swap_path())
    if coordinator and by.pk != pattern.person_id:
        task_notice(key=f"ps:rota:swap:{swap.pk}:recorded", recipient=pattern.person, due_at=now, path=_swap_path())
    return swap


def _live_check(swap: DutySwap, now) -> None:
    if swap.status != DutySwap.Status.PROPOSED:
        raise DomainError(_("This swap has already been decided."))
    if _shift_start(swap.pattern, swap.on_date) <= now:
        raise DomainError(_("This shift has already started."))


@transaction.atomic
def duty_swap_accept(*, swap: DutySwap, by, now=None) -> DutySwap:
    now = now or timezone.now()
    swap = DutySwap.objects.select_for_update().select_related("pattern__region").get(pk=swap.pk)
    if by.pk != swap.substitute_id:
        raise DomainError(_("Only the colleague it was offered to can accept it."))
    _live_check(swap, now)
    _candidate_check(region=swap.pattern.region, kind=swap.pattern.kind, person=by)
    swap.status, swap.decided_at = DutySwap.Status.ACCEPTED, now
    swap.save(update_fields=["status", "decided_at"])
    task_notice(key=f"ps:rota:swap:{swap.pk}:accepted", recipient=swap.pattern.person, due_at=now, path=_swap_path())
    return swap


@transaction.atomic
def duty_swap_decline(*, swap: DutySwap, by, coordinator=False, now=None) -> DutySwap:
    """The colleague declines a proposed swap, the one who proposed it withdraws it, or a
    coordinator withdraws any swap of a shift still to come."""
    now = now or timezone.now()
    swap = DutySwap.objects.select_for_update().select_related("pattern__region").get(pk=swap.pk)
    if coordinator or by.pk == swap.pattern.person_id:
        if swap.status not in (DutySwap.Status.PROPOSED, DutySwap.Status.ACCEPTED):
            raise DomainError(_("This swap has already been decided."))
        if _shift_start(swap.pattern, swap.on_date) <= now:
            raise DomainError(_("This shift has already started."))
        swap.status = DutySwap.Status.WITHDRAWN
        told = swap.substitute
    elif by.pk == swap.substitute_id:
        _live_check(swap, now)
        swap.status = DutySwap.Status.DECLINED
        told = swap.pattern.person
    else:
        raise DomainError(_("This swap is not yours."))
    swap.decided_at = now
    swap.save(update_fields=["status", "decided_at"])
    task_notice(key=f"ps:rota:swap:{swap.pk}:{swap.status}", recipient=told, due_at=now, path=_swap_path())
    return swap
