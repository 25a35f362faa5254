"""Write side of the self-tests: loading instruments, recording anonymous statistics,
retake reminders.

What a database administrator could still link, stated plainly (architecture.md):
- A statistics row has a random key, the instrument, the band and the ISO week. It is
  written in its own transaction, never together with a row that names a person, so
  its transaction id (xmin) is not shared with anything personal.
- Transaction ids are still handed out in order. Someone with database access who also
  holds web-server logs with times and addresses could try to line up a row's xmin with
  a request; the access log carries no answers or query strings, and the row says only
  the band. A reminder, if asked for, is written later in a separate request and
  carries neither the instrument nor the result.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from notifications.services import message_schedule

from .engine import Result
from .engine.loader import InstrumentError, instrument_from_data, read_file
from .models import Instrument, SelfTestStatistic

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
REMINDER_WEEKS = (2, 4, 8)


class SelfTestError(Exception):
    pass


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def instrument_files(directory: Path | None = None) -> list[Path]:
    directory = directory or INSTRUMENT_DIR
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def instruments_load(*, directory: Path | None = None, deactivate_missing: bool = False) -> dict[str, str]:
    """Validate every instrument file and store it; returns {key: "created"|"updated"|"unchanged"}.

    All files are validated before anything is written, so one broken file changes nothing.
    """
    from .selectors import instrument_parameters

    parsed = []
    for path in instrument_files(directory):
        data = read_file(path)
        key = data.get("key") if isinstance(data.get("key"), str) else path.stem
        instrument_from_data(data, source=path.name, parameters=instrument_parameters(key))
        parsed.append((path, data))
    keys = [data["key"] for _path, data in parsed]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise InstrumentError(", ".join(p.name for p, d in parsed if d["key"] in duplicates), "key", "used twice")

    outcome = {}
    with transaction.atomic():
        for path, data in parsed:
            checksum = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
            row = Instrument.objects.filter(key=data["key"]).first()
            fields = {
                "version": data["version"],
                "source_file": path.name,
                "checksum": checksum,
                "definition": json.loads(json.dumps(data, default=str)),
                "order": data.get("order", 100),
            }
            if row is None:
                Instrument.objects.create(key=data["key"], **fields)
                outcome[data["key"]] = "created"
            elif row.checksum != checksum or row.source_file != path.name:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save()
                outcome[data["key"]] = "updated"
            else:
                outcome[data["key"]] = "unchanged"
        if deactivate_missing:
            Instrument.objects.exclude(key__in=keys).update(is_active=False)
    return outcome


def statistic_record(*, result: Result, attempt: str = "", now: dt.datetime | None = None) -> SelfTestStatistic | None:
    """Store the anonymous statistics row for one completed self-test.

    `attempt` is the random token of the form that was filled in: the same form sent twice
    (a reload, a double click) counts once. The cache entry holds only that token.
    Must not run inside a transaction that also writes something personal.
    """
    if any(not block._from_testcase for block in connection.atomic_blocks):
        # (The test runner's own wrapping transaction does not count.)
        raise SelfTestError("The self-test statistic must be written in its own transaction.")
    if attempt and not cache.add(f"selftest-attempt:{attempt}", 1, timeout=60 * 60 * 24):
        return None
    now = now or timezone.now()
    with transaction.atomic():
        return SelfTestStatistic.objects.create(
            instrument=result.instrument.key,
            band=result.statistics_band,
            iso_week=iso_week(timezone.localdate(now)),
        )


def retake_reminder_schedule(*, user, weeks: int, now: dt.datetime | None = None):
    """Remind `user` by e-mail to take a self-test again in `weeks` weeks.

    Stores a reminder for the person, not the result: the message names neither the
    test nor anything about it, and its key holds only the user and the date.
    """
    if weeks not in REMINDER_WEEKS:
        raise SelfTestError("Choose one of the offered periods.")
    now = now or timezone.now()
    due = now + dt.timedelta(weeks=weeks)
    local_day = timezone.localdate(due, user.tzinfo)
    # Remind at 10:00 in the person's own time zone, never at the minute they took the test.
    due_at = dt.datetime.combine(local_day, dt.time(10, 0), tzinfo=user.tzinfo)
    return message_schedule(
        key=f"selftest-retake:{user.pk}:{local_day.isoformat()}",
        template="surveys_retake_reminder",
        due_at=due_at,
        recipient=user,
        context={"path": "/selftest/"},
        not_after=due_at + dt.timedelta(days=14),
    )


def statistics_delete_older_than(*, now: dt.datetime) -> int:
    """Retention for the anonymous statistics (they name nobody, but need not live forever)."""
    cutoff = timezone.localdate(now) - dt.timedelta(weeks=settings.SELFTEST_STATISTICS_RETENTION_WEEKS)
    old = [week for week in SelfTestStatistic.objects.values_list("iso_week", flat=True).distinct()]
    expired = [week for week in old if _week_end(week) < cutoff]
    deleted, _ = SelfTestStatistic.objects.filter(iso_week__in=expired).delete()
    return deleted


def _week_end(week: str) -> dt.date:
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 7)
