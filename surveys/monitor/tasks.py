from celery import shared_task


@shared_task
def monitor_scan():
    """Move held answers in safe batches, send due reminders, close campaigns past their date,
    and run launches whose task was lost."""
    from .services import monitor_scan as scan

    return scan()


@shared_task(acks_late=True)
def launch_campaign(campaign_id):
    """Queued by the officer's confirm: invite everyone of a launching campaign. Safe to run
    twice or after a worker died mid-way (one transaction, the row locked, the status checked)."""
    from .models import Campaign
    from .services import campaign_launch_run

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return None
    return campaign_launch_run(campaign=campaign)
