"""Retention: every personal record is deleted when its rule says so."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEntry
from core.retention import _delete_old_audit_entries, retention_apply


@pytest.mark.django_db
def test_retention_deletes_old_audit_entries_only(alice, bob, settings):
    settings.RETENTION_AUDIT_DAYS = 30
    with time_machine.travel(dt.datetime(2020, 1, 1, tzinfo=dt.UTC)):
        audit_record(actor=bob, action="view", obj=alice, subject=alice)
    recent = audit_record(actor=bob, action="view", obj=alice, subject=alice)
    assert _delete_old_audit_entries(timezone.now()) == 1
    assert list(AuditEntry.objects.all()) == [recent]


@pytest.mark.django_db
def test_the_daily_task_runs_every_registered_rule():
    counts = retention_apply()
    assert "core.audit_entries" in counts and "notifications.outbox" in counts
    assert all(isinstance(n, int) for n in counts.values())
