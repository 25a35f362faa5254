"""Retention: every personal record has a rule, applied by one daily task.

Apps register a callable `(now) -> int` (rows deleted) with `@retention_rule`.
"""

from collections.abc import Callable

_RULES: dict[str, Callable] = {}


def retention_rule(name: str):
    def register(func):
        _RULES[name] = func
        return func

    return register


def retention_apply(*, now=None) -> dict[str, int]:
    from django.utils import timezone

    now = now or timezone.now()
    return {name: rule(now) for name, rule in sorted(_RULES.items())}


def audit_erase_door(connection, *, open_: bool) -> None:
    """Open (or close again) the door through the audit log's append-only trigger (core
    migration 0002) for DELETE, in this transaction only (PostgreSQL; UPDATE stays refused).

    For the retention rule below only, which closes it again at once: should it run inside
    a larger transaction, nothing after it passes the door.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('wellbeing.audit_erase', %s, true)", ["on" if open_ else "off"])


@retention_rule("core.audit_entries")
def _delete_old_audit_entries(now) -> int:
    import datetime as dt

    from django.conf import settings
    from django.db import connection, transaction

    from .models import AuditEntry

    cutoff = now - dt.timedelta(days=settings.RETENTION_AUDIT_DAYS)
    with transaction.atomic():
        audit_erase_door(connection, open_=True)
        try:
            deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        finally:
            audit_erase_door(connection, open_=False)
    return deleted
