from celery import shared_task

from .retention import retention_apply


@shared_task
def apply_retention():
    return retention_apply()
