"""Write side of the self-tests: loading instruments, recording anonymous statistics,
retake reminders.

What a database administrator could still link, stated plainly (architecture.md):
- A statistics row has a random key, the instrument, the band and the ISO week. It is
  written in its own transaction, never together with a row that names a person, so
  its transaction id (xmin) is not shared with anything personal.
- A reminder is asked for in a later request, in a transaction of its own (both writes
  refuse to run inside someone else's transaction), and stores only the person and the
  due day: no test, no result, no time of asking, a random key. The outbox row that
  sends it is written only by the scan on the due day, weeks later, together with that
  day's other reminders, so its created-at and transaction id say nothing about the test.
- Transaction ids are still handed out in order. While a reminder waits for its day, a
  DBA who compares its xmin with the statistics rows' can see which rows were written
  shortly before it: if the person asked right after their result, one of those is
  theirs (an instrument and a band, among whatever else was completed in those seconds).
  The due day minus 2, 4 or 8 weeks also narrows the day of asking to three. Once the
  scan has moved the reminder to the outbox (and vacuum has removed the deleted row),
  only those three possible days remain. Someone who also holds web-server logs with
  times and addresses could try to line up a row's xmin with a request; the access log
  carries no answers, no query strings, and one URL for every test's reminder.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from notifications.services import messages_schedule_many

from .engine import Result
from .engine.loader import InstrumentError, instrument_from_data, read_file
from .models import Instrument, RetakeReminder, SelfTestStatistic
from .selectors import instrument_parameters, iso_week

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
REMINDER_WEEKS = (2, 4, 8)
# A reminder later than this after its day is not sent, and one never released is dropped.
REMINDER_LATE_DAYS = 14
# A neutral name: the outbox (which administrators can read) says "a reminder", not "a self-test".
REMINDER_TEMPLATE = "reminder_asked_for"


def instrument_files(directory: Path | None = None) -> list[Path]:
    directory = directory or INSTRUMENT_DIR
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def instruments_load(*, directory: Path | None = None, deactivate_missing: bool = False) -> dict[str, str]:
    """Validate every instrument file and store it; returns {key: "created"|"updated"|"unchanged"}.

    The portal's shipped data (docs/conventions.md): run after every migrate
    (`instruments_load_after_migrate`) and by `manage.py load_instruments`. Idempotent;
    all files are validated before anything is written, so one broken file changes nothing.
    It creates what is missing and updates what the files own (the definition and its
    version), never what the wellbeing officer sets in the admin: whether a test is offered
    and its place in the list (`is_active`, `order`, the latter taken from the file only
    when the instrument is new).
    """
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
            }
            if row is None:
                Instrument.objects.create(key=data["key"], order=data.get("order", 100), **fields)
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


def instruments_load_after_migrate(sender, using="default", **kwargs) -> None:
    """The post_migrate receiver (connected in `SurveysConfig.ready()`): after every migrate,
    bring the stored instruments in step with the shipped files, so a deployment that only
    migrates still offers the self-tests and no page ever loads them. A broken file makes
    migrate fail loudly."""
    from django.db import connections

    if using != "default" or Instrument._meta.db_table not in connections[using].introspection.table_names():
        return
    instruments_load()


def statistic_record(*, result: Result, attempt: str = "", now: dt.datetime | None = None) -> SelfTestStatistic | None:
    """Store the anonymous statistics row for one completed self-test.

    `attempt` is the random token of the form that was filled in: the same form sent twice
    (a reload, a double click) counts once. The cache entry holds only that token.
    Must not run inside a transaction that also writes something personal.
    """
    if _inside_outer_transaction():
        raise TransactionManagementError("The self-test statistic must be written in its own transaction.")
    if attempt and not cache.add(f"selftest-attempt:{attempt}", 1, timeout=60 * 60 * 24):
        return None
    now = now or timezone.now()
    with transaction.atomic():
        return SelfTestStatistic.objects.create(
            instrument=result.instrument.key,
            band=result.statistics_band,
            iso_week=iso_week(timezone.localdate(now)),
        )


def _inside_outer_transaction() -> bool:
    """Whether the caller holds a transaction. Writing there would share its transaction id
    with whatever else it writes, so the two writes above refuse: a mistake in the code, not
    a refusal for the person, hence Django's TransactionManagementError (never caught by a
    view) rather than a DomainError (which a view shows as a polite message)."""
    # The test runner's own wrapping transaction does not count.
    return any(not block._from_testcase for block in connection.atomic_blocks)


def retake_reminder_request(*, user, weeks: int, now: dt.datetime | None = None) -> RetakeReminder:
    """`user` asks to be reminded in `weeks` weeks to take a self-test again.

    Stores the person and the due day, nothing else (see the module docstring for why
    not the outbox row itself: that would carry the moment of asking). Must run in its
    own transaction, never in the one that wrote a statistic.
    """
    if weeks not in REMINDER_WEEKS:
        raise DomainError(_("Choose one of the offered periods."))
    if _inside_outer_transaction():
        raise TransactionManagementError("A reminder must be written in its own transaction.")
    now = now or timezone.now()
    due_on = timezone.localdate(now, user.tzinfo) + dt.timedelta(weeks=weeks)
    with transaction.atomic():
        reminder, _created = RetakeReminder.objects.get_or_create(user=user, due_on=due_on)
    return reminder


def retake_reminders_release(*, now: dt.datetime | None = None) -> int:
    """Turn the reminders due by tomorrow into outbox messages, all in one transaction.

    Run by beat (every hour, so a missed run only delays); safe to run twice: the message
    keys are unique and a released reminder is deleted. The message says only "a reminder
    you asked for"; its key, template and context name neither a test nor a result.
    """
    now = now or timezone.now()
    horizon = timezone.localdate(now) + dt.timedelta(days=1)
    with transaction.atomic():
        due = list(
            RetakeReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(due_on__lte=horizon)
            .select_related("user")
        )
        rows = []
        for reminder in due:
            # At 10:00 in the person's own time zone, never at the minute they asked.
            due_at = dt.datetime.combine(reminder.due_on, dt.time(10, 0), tzinfo=reminder.user.tzinfo)
            rows.append(
                {
                    "key": f"reminder-asked:{reminder.user_id}:{reminder.due_on.isoformat()}",
                    "recipient_id": reminder.user_id,
                    "template": REMINDER_TEMPLATE,
                    "due_at": due_at,
                    "not_after": due_at + dt.timedelta(days=REMINDER_LATE_DAYS),
                }
            )
        if rows:
            messages_schedule_many(rows=rows)
            RetakeReminder.objects.filter(pk__in=[reminder.pk for reminder in due]).delete()
    return len(due)


def retake_reminders_delete_stale(*, now: dt.datetime) -> int:
    """Retention: a reminder the scan never released (beat was down for weeks) is dropped
    once sending it would be too late anyway."""
    cutoff = timezone.localdate(now) - dt.timedelta(days=REMINDER_LATE_DAYS)
    deleted, _ = RetakeReminder.objects.filter(due_on__lt=cutoff).delete()
    return deleted


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
