"""Beat jobs of the self-test: thin wrappers around services (which take `now`)."""

from celery import shared_task


@shared_task
def release_retake_reminders():
    """Put the reminders people asked for into the outbox on their day."""
    from .services import retake_reminders_release

    return retake_reminders_release()
