"""Retention of monitor data.

- Unfinished drafts and submissions (who answered): deleted at close
  (services.campaign_close); this rule also deletes any left of a campaign that is no
  longer open, in case a close was interrupted.
- Participations (who was invited, and where they report) are needed while a campaign
  runs, to compute the response rates at close and to lead an employee to their unit's
  results; they are deleted a configurable time after close.
- Anonymous responses, comments and stored results are not personal data and are kept
  for comparison with the next campaign.
- Measures are organisational records, kept.
"""

import datetime as dt

from django.conf import settings

from core.retention import retention_rule


@retention_rule("surveys.monitor_drafts")
def delete_drafts_of_closed_campaigns(now) -> int:
    from .models import Campaign, Draft, Submission
    from .services import vacuum

    drafts, _ = Draft.objects.exclude(campaign__status=Campaign.Status.OPEN).delete()
    submissions, _ = Submission.objects.exclude(campaign__status=Campaign.Status.OPEN).delete()
    if drafts or submissions:
        vacuum(Draft, Submission)
    return drafts + submissions


@retention_rule("surveys.monitor_participations")
def delete_old_participations(now) -> int:
    from .models import Campaign, Participation

    days = getattr(settings, "MONITOR_PARTICIPATION_RETENTION_DAYS", 90)
    cutoff = now - dt.timedelta(days=days)
    deleted, _ = Participation.objects.filter(
        campaign__status=Campaign.Status.CLOSED, campaign__closed_at__lt=cutoff
    ).delete()
    return deleted
