"""Days and hours of the monitor in the portal's time zone: today, and an hour on a day
(invitations at 08:00 on the opening day, reminders at 09:00). Services take `now`, so
tests can fix the time."""

import datetime as dt

from django.utils import timezone


def local_today(now: dt.datetime | None = None, tz=None) -> dt.date:
    """Today in `tz` (a campaign's organisation's time zone, `Campaign.tzinfo`), else the portal's."""
    return timezone.localdate(now or timezone.now(), tz)


def at_local(day: dt.date, hour: int, tz=None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), tz)
