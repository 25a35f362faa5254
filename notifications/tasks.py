from celery import shared_task

from .services import messages_dispatch


@shared_task(acks_late=True)
def dispatch_due_messages():
    """Beat runs this every minute; each run claims, sends and marks a batch."""
    result = messages_dispatch()
    return {"sent": result.sent, "failed": result.failed, "deferred": result.deferred, "expired": result.expired}


@shared_task(acks_late=True)
def dispatch_urgent_messages():
    """Queued when an urgent row is scheduled: sends urgent rows now, not at the next beat."""
    result = messages_dispatch(urgent_only=True)
    return {"sent": result.sent, "failed": result.failed, "deferred": result.deferred, "expired": result.expired}
