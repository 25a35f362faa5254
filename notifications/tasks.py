from celery import shared_task

from .services import DispatchResult, drain_slot, messages_drain


@shared_task(acks_late=True)
def dispatch_due_messages():
    """Beat starts this every minute. It sends batch after batch while messages are due, for
    at most `OUTBOX_DRAIN_SECONDS`, then queues itself again if more are due: the outbox
    drains at the speed of the mail server, with as many of these side by side as workers
    are free (each claims its own rows with SKIP LOCKED). If the broker loses the queued
    task, beat starts a new drain within a minute: the rows in the database are the truth.

    At most `OUTBOX_MAX_DRAINS` drain at once (`drain_slot`): a drain that finds every slot
    taken returns at once, since the running drains already re-queue themselves while
    messages remain. The slot is given back before this one re-queues itself."""
    with drain_slot() as slot:
        if slot is None:
            return {**DispatchResult().as_dict(), "busy": True}
        result, more = messages_drain()
    if more:
        dispatch_due_messages.delay()
    return result.as_dict()


@shared_task(acks_late=True)
def dispatch_urgent_messages():
    """Queued when an urgent row is scheduled: sends urgent rows now, not at the next beat,
    and without waiting for a drain that is running (whose every batch takes urgent rows
    first anyway). It takes no drain slot: the cap on parallel drains never holds up an alert."""
    result, more = messages_drain(urgent_only=True)
    if more:
        dispatch_urgent_messages.delay()
    return result.as_dict()
