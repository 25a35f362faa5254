"""The overview's beat job: a thin wrapper around its service."""

from celery import shared_task

from . import services


@shared_task
def freeze_usage_quarters():
    return services.usage_quarters_freeze_due()
