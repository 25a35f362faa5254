from celery import shared_task


@shared_task
def schedule_review_reminders():
    from .services import review_reminders_schedule

    return review_reminders_schedule()
