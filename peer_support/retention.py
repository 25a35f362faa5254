"""Retention rules of peer support (applied by core's daily task).

Case notes go first, a short time after their request closes; the request itself (who
asked, when, how it went) stays longer for response-time figures, then goes too. The
incident log is the employee's own and stays until they delete it.
"""

import datetime as dt

from django.conf import settings

from core.retention import retention_rule


@retention_rule("peer_support.case_notes")
def case_notes_delete(now) -> int:
    from .models import CaseNote

    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_NOTE_RETENTION_DAYS)
    deleted, _ = CaseNote.objects.filter(request__closed_at__isnull=False, request__closed_at__lt=cutoff).delete()
    return deleted


@retention_rule("peer_support.closed_requests")
def closed_requests_delete(now) -> int:
    from .models import SupportRequest

    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_REQUEST_RETENTION_DAYS)
    deleted, _ = SupportRequest.objects.filter(closed_at__isnull=False, closed_at__lt=cutoff).delete()
    return deleted


@retention_rule("peer_support.incidents")
def incidents_delete(now) -> int:
    from .models import CriticalIncident

    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_INCIDENT_RETENTION_DAYS)
    deleted, _ = CriticalIncident.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
