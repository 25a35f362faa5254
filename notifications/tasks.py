from celery import shared_task

from .services import messages_dispatch


@shared_task(acks_late=True)
def dispatch_due_messages():
    """Beat runs this every minute; each run claims, sends and marks a batch."""
    result = messages_dispatch()
    return {"sent": result.sent, "failed": result.failed, "deferred": result.deferred, "expired": result.expired}
