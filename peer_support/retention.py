"""Retention rules of peer support (applied by core's daily task).

Case notes go first, a short time after their request closes; the request itself (who
asked, when, how it went) stays longer for response-time figures, then goes too. The
incident log is the employee's own and stays until they delete it; an entry they delete
is erased here once its undo time has passed. The duty rota's past is kept a few months.
"""

import datetime as dt

from django.conf import settings
from django.db import connection

from core.retention import retention_rule

from .models import (
    CaseNote,
    CriticalIncident,
    DutyAbsence,
    DutyExtraShift,
    DutyPattern,
    DutySwap,
    IncidentLogEntry,
    SupportRequest,
)
from .models.log import LOG_UNDO_WINDOW
from .models.rota import ROTA_KEEP_DAYS


@retention_rule("peer_support.case_notes")
def case_notes_delete(now) -> int:
    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_NOTE_RETENTION_DAYS)
    deleted, _ = CaseNote.objects.filter(request__closed_at__isnull=False, request__closed_at__lt=cutoff).delete()
    return deleted


@retention_rule("peer_support.closed_requests")
def closed_requests_delete(now) -> int:
    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_REQUEST_RETENTION_DAYS)
    deleted, _ = SupportRequest.objects.filter(closed_at__isnull=False, closed_at__lt=cutoff).delete()
    return deleted


@retention_rule("peer_support.incidents")
def incidents_delete(now) -> int:
    cutoff = now - dt.timedelta(days=settings.PEER_SUPPORT_INCIDENT_RETENTION_DAYS)
    deleted, _ = CriticalIncident.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


@retention_rule("peer_support.rota")
def rota_past_delete(now) -> int:
    """Who was on duty (and away) is kept ROTA_KEEP_DAYS after the day, then deleted: past extra
    shifts, absences and swaps, and weekly shifts that ended. Hand-backs go with their request."""
    cutoff = now - dt.timedelta(days=ROTA_KEEP_DAYS)
    day = cutoff.date()
    deleted = DutyExtraShift.objects.filter(ends_at__lt=cutoff).delete()[0]
    deleted += DutyAbsence.objects.filter(last_day__lt=day).delete()[0]
    deleted += DutySwap.objects.filter(on_date__lt=day).delete()[0]
    deleted += DutyPattern.objects.filter(valid_until__lt=day).delete()[0]
    return deleted


@retention_rule("peer_support.deleted_log_entries")
def deleted_log_entries_erase(now) -> int:
    """Erase the log entries their owners deleted, once the undo time has passed, and vacuum
    the table on PostgreSQL so that no row version (a deleted entry, the text an entry had
    before an edit, a whole log deleted) keeps the encrypted text in the table."""
    deleted, _ = IncidentLogEntry.all_objects.filter(deleted_at__lt=now - LOG_UNDO_WINDOW).delete()
    # VACUUM cannot run inside a transaction (tests that wrap each test in one skip it).
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {IncidentLogEntry._meta.db_table}")
    return deleted
