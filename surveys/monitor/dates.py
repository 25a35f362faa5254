"""Days and hours of the monitor in the portal's time zone: today, and an hour on a day
(invitations at 08:00 on the opening day, reminders at 09:00). Services take `now`, so
tests can fix the time."""

import datetime as dt

from django.utils import timezone


def local_today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def at_local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
