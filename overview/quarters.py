"""Calendar quarters, in the portal's time zone."""

import datetime as dt

from django.utils import timezone

# How many completed quarters the overview shows (and the freeze job keeps up to date).
QUARTERS_SHOWN = 4


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: dt.date) -> dt.date:
    return dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def previous_quarter(start: dt.date) -> dt.date:
    return dt.date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1)


def completed_quarters(today: dt.date, count: int = QUARTERS_SHOWN) -> list[dt.date]:
    """The first days of the last `count` quarters that are over, oldest first. The running
    quarter is never among them: its figures would change while a manager watches."""
    starts, start = [], quarter_start(today)
    for _ in range(count):
        start = previous_quarter(start)
        starts.append(start)
    return list(reversed(starts))


def bounds(start: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The quarter as aware datetimes [start, end) in the current time zone."""
    tz = timezone.get_current_timezone()
    end = next_quarter(start)
    return (
        dt.datetime(start.year, start.month, 1, tzinfo=tz),
        dt.datetime(end.year, end.month, 1, tzinfo=tz),
    )


def label(start: dt.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"
