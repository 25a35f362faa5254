"""Beat jobs of the self-test: thin wrappers around services (which take `now`)."""

from celery import shared_task

# Celery autodiscovers `<app>.tasks` of each installed app; the monitor is a sub-package of
# this app, so its task module is imported here to be found by the same autodiscovery
# (rather than naming an app's inner module in the project's wellbeing/celery.py). The
# tasks keep their names, `surveys.monitor.tasks.monitor_scan` (which the beat schedule uses)
# and `surveys.monitor.tasks.launch_campaign`.
from .monitor.tasks import launch_campaign, monitor_scan  # noqa: F401


@shared_task
def release_retake_reminders():
    """Put the reminders people asked for into the outbox on their day."""
    from .services import retake_reminders_release

    return retake_reminders_release()
