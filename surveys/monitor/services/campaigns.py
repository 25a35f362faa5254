"""Campaigns: save a draft, launch it (who is invited, where they report), close it (the
results once, then forget who answered), and the beat job's scan with its reminders."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from notifications.models import OutboxMessage
from notifications.services import messages_delete_prefix, messages_schedule_many

from .. import selectors
from ..dates import at_local, local_today
from ..models import (
    Campaign,
    Comment,
    Draft,
    HeldComment,
    HeldResponse,
    Participation,
    Response,
    Submission,
    campaign_date_limits,
)
from ..questionnaire import available_parts
from ..reporting import as_unit_id, report_units, unit_pairs
from ..selectors import campaign_tree_units
from .moving import held_move
from .results import responses_coarsen, results_compute
from .storage import vacuum


@transaction.atomic
def campaign_save(*, campaign: Campaign, units, actor=None) -> Campaign:
    """Save a draft campaign (new or changed) with its population units. A campaign that has
    been launched meanwhile is not changed: its set-up is fixed at launch."""
    if campaign.pk is not None:
        stored = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if stored.status != Campaign.Status.DRAFT:
            raise DomainError(_("This campaign has already been launched."))
    elif campaign.created_by_id is None:
        campaign.created_by = actor
    campaign.save()
    campaign.units.set(units)
    return campaign


@transaction.atomic
def campaign_launch(*, campaign: Campaign, actor=None, now=None) -> int:
    """Snapshot the population, give everyone a participation, schedule the invitation.
    Returns the number of people invited."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.DRAFT:
        raise DomainError(_("This campaign has already been launched."))
    if campaign.closes_on < local_today(now):
        raise DomainError(_("The closing date has passed."))
    earliest, latest = campaign_date_limits(local_today(now))
    if not earliest <= campaign.opens_on <= latest or campaign.closes_on > latest:
        raise DomainError(_("Choose opening and closing dates within two years of today."))
    files = available_parts()
    missing = [key for key in campaign.parts if key not in files]
    if not campaign.parts or missing:
        raise DomainError(_("The questionnaire is missing."))
    units = campaign_tree_units(campaign)
    if not units:
        raise DomainError(_("Choose at least one unit."))
    pairs = unit_pairs(units)
    people = list(selectors.invitees(units).values_list("pk", "unit_id", "language"))
    members = defaultdict(int)
    for _pk, unit_id, _lang in people:
        members[unit_id] += 1
    reporting = report_units(pairs, members, campaign.min_group)
    Participation.objects.bulk_create(
        [
            Participation(campaign=campaign, user_id=pk, unit_id=unit_id, report_unit_id=as_unit_id(reporting[unit_id]))
            for pk, unit_id, _lang in people
        ],
        batch_size=5000,
    )
    campaign.questionnaire = {"parts": [files[key] for key in campaign.parts]}
    campaign.status = Campaign.Status.OPEN
    campaign.launched_at = now
    campaign.population_size = len(people)
    campaign.save()
    due = campaign.invitations_due_at(now)
    not_after = at_local(campaign.closes_on + dt.timedelta(days=1), 0, campaign.tzinfo)
    messages_schedule_many(
        rows=[
            {
                "key": f"monitor:{campaign.pk}:user:{pk}:invitation",
                "recipient_id": pk,
                "language": lang,
                "template": "monitor_invitation",
                "context": _mail_context(campaign),
                "due_at": due,
                "not_after": not_after,
            }
            for pk, _unit, lang in people
        ]
    )
    return len(people)


def _mail_context(campaign: Campaign) -> dict:
    return {"closes_on": campaign.closes_on.isoformat(), "path": reverse("monitor:intro", args=[campaign.pk])}


def campaign_close(*, campaign: Campaign, now=None) -> None:
    """Close: move every held answer, compute the results once, then forget who answered.

    After the results are stored, each response and comment is coarsened to the unit at
    which its figures are published (so no stored unit holds fewer than the minimum group
    of respondents), the submissions (who answered) and unfinished drafts are deleted, and
    the tables are vacuumed so that no old row version keeps what was removed."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.OPEN:
            raise DomainError(_("Only an open campaign can be closed."))
        campaign.status = Campaign.Status.CLOSED
        campaign.closed_at = now
        campaign.save(update_fields=["status", "closed_at"])
    held_move(campaign=campaign, force=True)
    with transaction.atomic():
        visibility = results_compute(campaign=campaign)
        responses_coarsen(campaign=campaign, visibility=visibility)
        Submission.objects.filter(campaign=campaign).delete()
        Draft.objects.filter(campaign=campaign).delete()
    # Who was reminded on which date says who had not answered by then: forget it too.
    messages_delete_prefix(prefix=f"monitor:{campaign.pk}:")
    vacuum(Response, Comment, Submission, Draft, HeldResponse, HeldComment, OutboxMessage)


def reminders_scan(*, now=None) -> int:
    """On each reminder date, remind those who have not answered (deterministic keys)."""
    now = now or timezone.now()
    scheduled = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        # The reminder dates are days of the campaign's organisation, in its time zone.
        tz = campaign.tzinfo
        today = local_today(now, tz)
        done = set(campaign.reminders_done)
        for day in campaign.reminder_dates:
            date = dt.date.fromisoformat(day)
            if date > today or day in done or date > campaign.closes_on or date < campaign.opens_on:
                continue
            answered = Submission.objects.filter(campaign=campaign).values("user_id")
            pending = (
                Participation.objects.filter(campaign=campaign)
                .exclude(user_id__in=answered)
                .values_list("user_id", "user__language")
            )
            scheduled += messages_schedule_many(
                rows=[
                    {
                        "key": f"monitor:{campaign.pk}:user:{user_id}:reminder:{day}",
                        "recipient_id": user_id,
                        "language": lang,
                        "template": "monitor_reminder",
                        "context": _mail_context(campaign),
                        "due_at": max(now, at_local(date, 9, tz)),
                        "not_after": at_local(campaign.closes_on + dt.timedelta(days=1), 0, tz),
                    }
                    for user_id, lang in pending
                ]
            )
            done.add(day)
            campaign.reminders_done = sorted(done)
            Campaign.objects.filter(pk=campaign.pk).update(reminders_done=campaign.reminders_done)
    return scheduled


def monitor_scan(*, now=None) -> dict:
    """The beat job: move held answers in safe batches, remind, close what is due."""
    now = now or timezone.now()
    moved = held_move()
    # Each draft save leaves the previous version of the row until vacuum: keep that short.
    vacuum(Draft)
    reminded = reminders_scan(now=now)
    closed = 0
    # The latest "today" anywhere (UTC+14) bounds the candidates; each closes after its own last day.
    latest_today = local_today(now, dt.timezone(dt.timedelta(hours=14)))
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__lt=latest_today):
        if campaign.closes_on >= local_today(now, campaign.tzinfo):
            continue
        campaign_close(campaign=campaign, now=now)
        closed += 1
    return {"moved": moved, "reminded": reminded, "closed": closed}
