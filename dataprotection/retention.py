"""Handled erasure requests are the proof that a request was answered: kept as long as the
audit log (RETENTION_AUDIT_DAYS) after they were handled, then deleted."""

import datetime as dt

from django.conf import settings

from core.retention import retention_rule

from .models import ErasureRequest


@retention_rule("dataprotection.erasure_requests")
def erasure_requests_delete(now) -> int:
    cutoff = now - dt.timedelta(days=settings.RETENTION_AUDIT_DAYS)
    deleted, _ = ErasureRequest.objects.filter(handled_at__lt=cutoff).delete()
    return deleted
