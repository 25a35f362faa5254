import datetime as dt

from django.conf import settings

from core.retention import retention_rule

from .models import OutboxMessage


@retention_rule("notifications.outbox")
def delete_finished_messages(now) -> int:
    """Sent, cancelled and expired messages are kept a while for support, then deleted."""
    cutoff = now - dt.timedelta(days=settings.RETENTION_OUTBOX_DAYS)
    finished = [OutboxMessage.Status.SENT, OutboxMessage.Status.CANCELLED, OutboxMessage.Status.EXPIRED]
    deleted, _ = OutboxMessage.objects.filter(status__in=finished, due_at__lt=cutoff).delete()
    return deleted
