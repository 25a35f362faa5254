"""Rules that change state, one module per subdomain. Views, tasks and commands call these."""

import datetime as dt

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.errors import DomainError

# How far ahead a meeting or a check-in may be planned: far enough for any real plan, near
# enough that the reminders and repeats computed from it stay within the calendar.
PLAN_AHEAD = dt.timedelta(days=366)


def incident_earliest(*, now: dt.datetime) -> dt.datetime:
    """An incident older than its retention period would be deleted the night it is registered."""
    return now - dt.timedelta(days=settings.PEER_SUPPORT_INCIDENT_RETENTION_DAYS)


def planned_moment_check(*, moment: dt.datetime, now: dt.datetime) -> None:
    if moment <= now:
        raise DomainError(_("Choose a moment in the future."))
    if moment > now + PLAN_AHEAD:
        raise DomainError(_("Choose a moment within a year from now."))


def text_check(*, model, **values: str) -> None:
    """Refuse text longer than its model field allows. The forms say so first; this guards
    every other caller, since an encrypted text column has no length limit of its own."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value and len(value) > field.max_length:
            raise DomainError(
                _("%(field)s can be at most %(limit)d characters long; it has %(count)d.")
                % {"field": capfirst(field.verbose_name), "limit": field.max_length, "count": len(value)}
            )
