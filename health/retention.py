"""Retention of the health square's only personal rows: a reader's module progress."""

import datetime as dt

from core.retention import retention_rule


@retention_rule("health.module_progress")
def _delete_unused_progress(now) -> int:
    from .models import ModuleProgress

    cutoff = now.date() - dt.timedelta(days=ModuleProgress.RETENTION_DAYS)
    deleted, _ = ModuleProgress.objects.filter(updated_on__lt=cutoff).delete()
    return deleted
