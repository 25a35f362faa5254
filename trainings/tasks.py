"""Beat jobs of the trainings app: thin wrappers around services (which take `now`)."""

from celery import shared_task

from . import services


@shared_task
def process_wait_list():
    return services.waitlist_process()


@shared_task
def remind_requirements():
    return services.requirement_reminders_send()
