"""Reading the duty rota: who is on duty when, when the next shift starts, where cover has gaps.

The rota of a region is its weekly patterns plus the exceptions (extra shifts, absences,
accepted swaps), turned into shifts with real start and end moments. A pattern's times are
wall-clock times in the region's time zone, turned into moments day by day, so a night shift
22:00-06:00 is seven or nine real hours on the nights the clocks change, and still ends at
06:00 on the clock. Moments are compared in UTC (two aware datetimes that share a tzinfo
are compared by wall time in Python, which is wrong across a change).

A region without any shift of a kind has no rota for that kind: then nobody is "on duty"
by the rota and the callers fall back to what the portal did before rotas (every peer
supporter of the region is told of a new request), see `selectors.on_duty_supporters`.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Q

from organisations.selectors import organisation_of_unit

from .models import DutyAbsence, DutyExtraShift, DutyKind, DutyPattern, DutySwap
from .models.rota import KIND_ROLE
from .regions import users_with_role_in

# How far ahead gaps in cover are looked for, and a next shift start is searched.
ROTA_LOOKAHEAD_DAYS = 14


def rota_time_zone(region) -> ZoneInfo:
    """The time zone a region's rota is written in: its organisation's."""
    return organisation_of_unit(region).tzinfo


@dataclass(frozen=True)
class Shift:
    person: object
    kind: str
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC
    tz: ZoneInfo = field(compare=False)
    pattern_id: int | None = None
    on_date: dt.date | None = None  # the pattern's day (local), for swaps
    extra_id: int | None = None
    swapped_from: object | None = None

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.tz)

    @property
    def kind_label(self) -> str:
        return DutyKind(self.kind).label

    def covers(self, moment: dt.datetime) -> bool:
        return self.starts_at <= moment < self.ends_at

    @property
    def sort_key(self):
        return (self.starts_at, self.person.first_name, self.person.last_name, self.person.pk)


def _moment(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """A wall-clock time on a day, as a UTC moment. A time the clocks skip (02:30 on the night
    they go forward) is read with the offset before the change, i.e. an hour later in summer time."""
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def _kind_of_member(kind: str | None) -> Q:
    """Shifts of `kind` (or of every kind) whose person is active and still holds the duty's role."""
    kinds = [kind] if kind else DutyKind.values
    condition = Q()
    for each in kinds:
        condition |= Q(kind=each, person__groups__name=str(KIND_ROLE[each]))
    return condition & Q(person__is_active=True)


def shifts_between(*, region, start: dt.datetime, end: dt.datetime, kind: str | None = None) -> list[Shift]:
    """Every shift of the region (of one kind, or all) that overlaps [start, end), in a stable
    order: by start, then first name, last name and id. Four queries, whatever the range."""
    tz = rota_time_zone(region)
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    # A shift may start the day before (a night shift) in local time.
    first_day = start.astimezone(tz).date() - dt.timedelta(days=1)
    last_day = end.astimezone(tz).date()
    patterns = list(
        DutyPattern.objects.filter(region=region, valid_from__lte=last_day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
        .filter(_kind_of_member(kind))
        .select_related("person")
        .distinct()
    )
    people = {pattern.person_id for pattern in patterns}
    swaps = {
        (swap.pattern_id, swap.on_date): swap.substitute
        for swap in DutySwap.objects.filter(
            pattern__in=[p.pk for p in patterns],
            on_date__range=(first_day, last_day),
            status=DutySwap.Status.ACCEPTED,
            substitute__is_active=True,
        ).select_related("substitute")
    }
    people |= {substitute.pk for substitute in swaps.values()}
    absences: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for person_id, first, last in DutyAbsence.objects.filter(
        region=region, person__in=people, first_day__lte=last_day, last_day__gte=first_day
    ).values_list("person_id", "first_day", "last_day"):
        absences.setdefault(person_id, []).append((first, last))

    def absent(person_id, day):
        return any(first <= day <= last for first, last in absences.get(person_id, ()))

    shifts = []
    day = first_day
    while day <= last_day:
        for pattern in patterns:
            if pattern.weekday != day.weekday() or day < pattern.valid_from:
                continue
            if pattern.valid_until and day > pattern.valid_until:
                continue
            ends_day = day + dt.timedelta(days=1) if pattern.crosses_midnight else day
            starts_at, ends_at = _moment(day, pattern.starts, tz), _moment(ends_day, pattern.ends, tz)
            if not (starts_at < end and ends_at > start):
                continue
            substitute = swaps.get((pattern.pk, day))
            person = substitute or pattern.person
            if absent(person.pk, day):
                continue
            shifts.append(
                Shift(
                    person=person,
                    kind=pattern.kind,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    tz=tz,
                    pattern_id=pattern.pk,
                    on_date=day,
                    swapped_from=pattern.person if substitute else None,
                )
            )
        day += dt.timedelta(days=1)
    extras = (
        DutyExtraShift.objects.filter(region=region, starts_at__lt=end, ends_at__gt=start)
        .filter(_kind_of_member(kind))
        .select_related("person")
        .distinct()
    )
    for extra in extras:
        shifts.append(
            Shift(
                person=extra.person,
                kind=extra.kind,
                starts_at=extra.starts_at.astimezone(dt.UTC),
                ends_at=extra.ends_at.astimezone(dt.UTC),
                tz=tz,
                extra_id=extra.pk,
            )
        )
    return sorted(shifts, key=lambda shift: shift.sort_key)


def region_has_rota(*, region, kind: str) -> bool:
    """Whether the region keeps a rota of this kind: any weekly shift still valid, or any
    extra shift still to come. Without one, the region works as before rotas existed."""
    if region is None:
        return False
    return rota_kinds(region=region, kinds=[kind]) == {kind}


def rota_kinds(*, region, kinds=None, today: dt.date | None = None) -> set[str]:
    """The kinds of duty the region keeps a rota for (two queries)."""
    if region is None:
        return set()
    today = today or dt.datetime.now(rota_time_zone(region)).date()
    kinds = list(kinds or DutyKind.values)
    found = set(
        DutyPattern.objects.filter(region=region, kind__in=kinds)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("kind", flat=True)
        .distinct()
    )
    if set(kinds) - found:
        moment = dt.datetime.combine(today, dt.time(), tzinfo=rota_time_zone(region))
        found |= set(
            DutyExtraShift.objects.filter(region=region, kind__in=kinds, ends_at__gt=moment)
            .values_list("kind", flat=True)
            .distinct()
        )
    return found


def on_duty(*, region, kind: str, at: dt.datetime) -> list:
    """The people of `region` on duty of `kind` at the moment `at`, the one whose shift began
    first first (then by first name, last name, id), each once. An empty list when nobody is,
    and also when the region has no rota of that kind (ask `region_has_rota`)."""
    if region is None:
        return []
    people, seen = [], set()
    for shift in shifts_between(region=region, kind=kind, start=at, end=at + dt.timedelta(microseconds=1)):
        if shift.covers(at.astimezone(dt.UTC)) and shift.person.pk not in seen:
            seen.add(shift.person.pk)
            people.append(shift.person)
    return people


def next_shift_start(*, region, kind: str, at: dt.datetime) -> dt.datetime | None:
    """When the next shift of `kind` after `at` begins (in the region's time zone), looking
    ROTA_LOOKAHEAD_DAYS ahead; None if there is none."""
    if region is None:
        return None
    at = at.astimezone(dt.UTC)
    later = [
        shift
        for shift in shifts_between(region=region, kind=kind, start=at, end=at + dt.timedelta(days=ROTA_LOOKAHEAD_DAYS))
        if shift.starts_at > at
    ]
    return min(later, key=lambda shift: shift.starts_at).local_start if later else None


@dataclass(frozen=True)
class Gap:
    kind: str
    starts_at: dt.datetime  # local
    ends_at: dt.datetime  # local

    @property
    def kind_label(self) -> str:
        return DutyKind(self.kind).label


def gaps_in(*, shifts: list[Shift], kind: str, start: dt.datetime, end: dt.datetime, tz: ZoneInfo) -> list[Gap]:
    """The stretches of [start, end) that no shift of `kind` covers."""
    gaps, covered_until = [], start.astimezone(dt.UTC)
    end = end.astimezone(dt.UTC)
    for shift in sorted((s for s in shifts if s.kind == kind), key=lambda s: s.starts_at):
        if shift.starts_at > covered_until and covered_until < end:
            gaps.append(Gap(kind, covered_until.astimezone(tz), min(shift.starts_at, end).astimezone(tz)))
        covered_until = max(covered_until, shift.ends_at)
    if covered_until < end:
        gaps.append(Gap(kind, covered_until.astimezone(tz), end.astimezone(tz)))
    return gaps


def cover_gaps(*, region, start: dt.datetime, days: int = ROTA_LOOKAHEAD_DAYS) -> list[Gap]:
    """Times in the `days` from `start` when nobody of a kind the region keeps a rota for is on
    duty, soonest first."""
    kinds = rota_kinds(region=region, today=start.astimezone(rota_time_zone(region)).date())
    if not kinds:
        return []
    end = start + dt.timedelta(days=days)
    shifts = shifts_between(region=region, start=start, end=end)
    tz = rota_time_zone(region)
    gaps = []
    for kind in DutyKind.values:
        if kind in kinds:
            gaps += gaps_in(shifts=shifts, kind=kind, start=start, end=end, tz=tz)
    return sorted(gaps, key=lambda gap: gap.starts_at)


def rota_candidates(*, region, kind: str):
    """Who may be put on the region's rota of `kind`: its supporters or coordinators; for the
    psychologist on call, every psychologist (they work for the whole organisation)."""
    role = KIND_ROLE[kind]
    if kind == DutyKind.PSYCHOLOGIST:
        return get_user_model().objects.filter(groups__name=str(role), is_active=True).distinct()
    return users_with_role_in(region, role)


# --- The week on the coordinator's calendar ------------------------------------------------


@dataclass
class CalendarCell:
    shifts: list
    gaps: list


@dataclass
class CalendarDay:
    day: dt.date
    cells: list  # one CalendarCell per kind, in DutyKind order


def _utc(moment: dt.datetime) -> dt.datetime:
    # Two datetimes with the same zone compare by wall time, which is wrong in the hour the clocks repeat.
    return moment.astimezone(dt.UTC)


def _later(a, b):
    return a if _utc(a) >= _utc(b) else b


def _sooner(a, b):
    return a if _utc(a) <= _utc(b) else b


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_calendar(*, region, monday: dt.date) -> tuple[list[CalendarDay], set[str]]:
    """The region's week from `monday`: per day and kind, the shifts that start that day and
    the gaps in cover that day (only for the kinds the region keeps a rota for)."""
    tz = rota_time_zone(region)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=tz)
    shifts = shifts_between(region=region, start=start, end=end)
    kinds = rota_kinds(region=region, today=monday)
    gaps = [
        gap
        for kind in DutyKind.values
        if kind in kinds
        for gap in gaps_in(shifts=shifts, kind=kind, start=start, end=end, tz=tz)
    ]
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
        day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        cells = []
        for kind in DutyKind.values:
            cells.append(
                CalendarCell(
                    shifts=[s for s in shifts if s.kind == kind and s.local_start.date() == day],
                    # A gap is shown on each day it touches, cut to that day.
                    gaps=[
                        Gap(
                            kind,
                            _later(g.starts_at, day_start).astimezone(tz),
                            _sooner(g.ends_at, day_end).astimezone(tz),
                        )
                        for g in gaps
                        if g.kind == kind and _utc(g.starts_at) < _utc(day_end) and _utc(g.ends_at) > _utc(day_start)
                    ],
                )
            )
        days.append(CalendarDay(day=day, cells=cells))
    return days, kinds


def rota_people(*, region):
    """Everyone who may be on some rota of the region, by name."""
    people = get_user_model().objects.none()
    for kind in DutyKind.values:
        people = people | rota_candidates(region=region, kind=kind)
    return people.distinct().order_by("first_name", "last_name", "pk")


@dataclass
class DutyNow:
    kind: str
    label: str
    people: list
    next_start: dt.datetime | None  # local; when nobody is on duty now


def duty_now(*, region, at: dt.datetime) -> list[DutyNow]:
    """For each kind of duty the region keeps a rota for: who is on duty at `at` (in the order
    of `on_duty`) and, when nobody is, when the next shift starts. Six queries."""
    kinds = rota_kinds(region=region, today=at.astimezone(rota_time_zone(region)).date()) if region else set()
    if not kinds:
        return []
    at = at.astimezone(dt.UTC)
    shifts = shifts_between(region=region, start=at, end=at + dt.timedelta(days=ROTA_LOOKAHEAD_DAYS))
    board = []
    for kind, label in DutyKind.choices:
        if kind not in kinds:
            continue
        people, seen = [], set()
        for shift in shifts:
            if shift.kind == kind and shift.covers(at) and shift.person.pk not in seen:
                seen.add(shift.person.pk)
                people.append(shift.person)
        later = [s for s in shifts if s.kind == kind and s.starts_at > at]
        next_start = min(later, key=lambda s: s.starts_at).local_start if later and not people else None
        board.append(DutyNow(kind=kind, label=label, people=people, next_start=next_start))
    return board
