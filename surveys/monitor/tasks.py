from celery import shared_task


@shared_task
def monitor_scan():
    """Move held answers in safe batches, send due reminders, close campaigns past their date."""
    from .services import monitor_scan as scan

    return scan()
