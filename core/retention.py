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


@retention_rule("core.audit_entries")
def _delete_old_audit_entries(now) -> int:
    import datetime as dt

    from django.conf import settings

    from .models import AuditEntry

    cutoff = now - dt.timedelta(days=settings.RETENTION_AUDIT_DAYS)
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
