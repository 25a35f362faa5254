"""Beat jobs of the check-ups app: thin wrappers around services (which take `now`)."""

from celery import shared_task

from . import services


@shared_task
def materialise_slots():
    return services.slots_materialise_all()


@shared_task
def schedule_reminders():
    return services.reminders_schedule()


@shared_task
def process_wait_list():
    return services.waitlist_process()
