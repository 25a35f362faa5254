"""Read side: instruments as engine objects, and the statistics table for officers."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from .engine import Instrument as EngineInstrument
from .engine import instrument_from_data
from .models import Instrument, SelfTestStatistic

# Parsed instruments per (key, checksum, parameters): parsing a file is cheap but not free.
_PARSED: dict[tuple, EngineInstrument] = {}


def instrument_parameters(key: str) -> dict:
    return dict(getattr(settings, "SELFTEST_PARAMETERS", {}).get(key, {}))


def engine_instrument(row: Instrument) -> EngineInstrument:
    parameters = instrument_parameters(row.key)
    cache_key = (row.key, row.checksum, tuple(sorted(parameters.items())))
    if cache_key not in _PARSED:
        _PARSED[cache_key] = instrument_from_data(row.definition, source=row.source_file, parameters=parameters)
    return _PARSED[cache_key]


def selftests_offered() -> list[EngineInstrument]:
    return [engine_instrument(row) for row in Instrument.objects.filter(is_active=True).order_by("order", "key")]


def selftest_get(key: str) -> EngineInstrument:
    row = Instrument.objects.filter(key=key, is_active=True).first()
    if row is None:
        raise Http404("No such self-test.")
    return engine_instrument(row)


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def iso_week_month(iso_week: str) -> dt.date:
    """The month an ISO week counts in: the month of its Thursday (as ISO years do)."""
    year, week = iso_week.split("-W")
    thursday = dt.date.fromisocalendar(int(year), int(week), 4)
    return thursday.replace(day=1)


@dataclass
class StatisticsRow:
    month: dt.date
    cells: list  # one count per band, or None where hidden
    total: int | None
    any_hidden: bool


@dataclass
class StatisticsTable:
    instrument: EngineInstrument
    bands: list  # (key, label dict)
    rows: list[StatisticsRow] = field(default_factory=list)


def suppress(counts: list[int], minimum: int) -> tuple[list[int | None], int | None]:
    """Hide every count below `minimum`; show the total only when that reveals no hidden count.

    The total minus the visible cells is the sum of the hidden ones, so the total is shown
    only when that sum is 0 or at least `minimum` (no subtraction leads to a small group).
    """
    cells = [count if count >= minimum else None for count in counts]
    total = sum(counts)
    hidden = sum(count for count, cell in zip(counts, cells, strict=True) if cell is None)
    show_total = total >= minimum and (hidden == 0 or hidden >= minimum)
    return cells, (total if show_total else None)


def last_completed_month(today: dt.date) -> dt.date:
    """The latest month whose weeks have all ended.

    A week counts in the month of its Thursday, so the running week belongs to some month
    M and every earlier month is complete (its last week ended before this one began).
    The running week and its month are never shown: two page views a few minutes apart
    would otherwise differ by a single new test, and so show that person's band.
    """
    running_month = iso_week_month(iso_week(today))
    return (running_month - dt.timedelta(days=1)).replace(day=1)


def statistics_tables(
    *, months: int = 12, today: dt.date | None = None, minimum: int | None = None
) -> list[StatisticsTable]:
    """Counts per band per completed month for every instrument, organisation-wide, small cells
    hidden: below `minimum` (the reader's organisation's, `organisations.selectors.selftest_min_group`)."""
    if minimum is None:
        minimum = settings.SELFTEST_MIN_GROUP
    today = today or timezone.localdate()
    last_month = last_completed_month(today)
    first_month = (last_month - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    counts: dict[tuple[str, dt.date, str], int] = {}
    for row in SelfTestStatistic.objects.values("instrument", "iso_week", "band").annotate(n=Count("id")):
        month = iso_week_month(row["iso_week"])
        if not first_month <= month <= last_month:
            continue
        key = (row["instrument"], month, row["band"])
        counts[key] = counts.get(key, 0) + row["n"]
    tables = []
    month_list = []
    cursor = last_month
    while cursor >= first_month:
        month_list.append(cursor)
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    for instrument in [engine_instrument(row) for row in Instrument.objects.order_by("order", "key")]:
        bands = [(band.key, band.label) for band in instrument.statistics.bands]
        band_keys = [key for key, _label in bands] + ["not-scored"]
        table = StatisticsTable(instrument=instrument, bands=bands)
        for month in month_list:
            raw = [counts.get((instrument.key, month, key), 0) for key in band_keys]
            if not any(raw):
                continue
            # "Not scored" rows cannot occur from the form (every scored item is required), but
            # they count in the total, so they are suppressed with the rest.
            cells, total = suppress(raw, minimum)
            table.rows.append(
                StatisticsRow(month=month, cells=cells[:-1], total=total, any_hidden=any(c is None for c in cells[:-1]))
            )
        tables.append(table)
    return tables
