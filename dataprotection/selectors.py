"""The whole audit log, filtered, for the data protection officer."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from core.models import AuditEntry

AUDIT_PAGE_SIZE = 50


def audit_entries_filtered(
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    actor: str = "",
    subject: str = "",
    action: str = "",
) -> QuerySet:
    entries = AuditEntry.objects.select_related("actor", "subject").order_by("-at", "-pk")
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to:
        entries = entries.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
    if actor:
        entries = entries.filter(actor__email__iexact=actor.strip())
    if subject:
        entries = entries.filter(subject__email__iexact=subject.strip())
    if action:
        entries = entries.filter(action__icontains=action.strip())
    return entries
