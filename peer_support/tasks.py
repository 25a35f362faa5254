from celery import shared_task

from .services.timers import timers_scan


@shared_task(acks_late=True)
def scan_timers():
    """Beat runs this every minute: escalations, step reminders, overdue steps, screening links."""
    result = timers_scan()
    return vars(result)
