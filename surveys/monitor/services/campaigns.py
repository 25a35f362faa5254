"""Campaigns: save a draft, launch it (the officer's confirm marks it launching; a task
invites everyone: who is invited, where they report), close it (the results once, then
forget who answered), and the beat job's scan with its reminders and lost launches."""

import datetime as dt
import logging
from collections import defaultdict
from functools import partial

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
    ScaleResult,
    Submission,
    UnitResult,
    campaign_date_limits,
)
from ..questionnaire import available_parts
from ..reporting import as_unit_id, report_units, unit_pairs
from ..selectors import campaign_tree_units
from .moving import held_move
from .results import responses_coarsen, results_compute
from .storage import vacuum

logger = logging.getLogger(__name__)


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


# A launch still marked as launching this long after the officer's confirm has lost its task
# (a broker flushed, a worker killed before it started): the beat scan then runs it itself.
LAUNCH_STUCK_AFTER = dt.timedelta(minutes=5)


def _launch_check(campaign: Campaign, now) -> dict:
    """What a launch needs, checked when the officer confirms (so the refusal is on their page)
    and again when the work is done. Returns the questionnaire files by key."""
    if campaign.closes_on < local_today(now):
        raise DomainError(_("The closing date has passed."))
    earliest, latest = campaign_date_limits(local_today(now))
    if not earliest <= campaign.opens_on <= latest or campaign.closes_on > latest:
        raise DomainError(_("Choose opening and closing dates within two years of today."))
    files = available_parts()
    missing = [key for key in campaign.parts if key not in files]
    if not campaign.parts or missing:
        raise DomainError(_("The questionnaire is missing."))
    if not campaign.units.exists():
        raise DomainError(_("Choose at least one unit."))
    return files


@transaction.atomic
def campaign_launch_request(*, campaign: Campaign, actor=None, now=None, queue: bool = True) -> Campaign:
    """The officer's confirm: check everything a launch needs, fix the questionnaire and mark
    the campaign launching, and (after the commit) queue the task that invites everyone
    (`campaign_launch_run`). A few queries, however large the population: the page answers
    at once. A lost task is run by the beat scan after `LAUNCH_STUCK_AFTER`."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.DRAFT:
        raise DomainError(_("This campaign has already been launched."))
    files = _launch_check(campaign, now)
    campaign.questionnaire = {"parts": [files[key] for key in campaign.parts]}
    campaign.status = Campaign.Status.LAUNCHING
    campaign.launched_at = now
    campaign.save(update_fields=["questionnaire", "status", "launched_at"])
    if queue:
        transaction.on_commit(partial(_queue_launch, campaign.pk))
    return campaign


def _queue_launch(campaign_id: int) -> None:
    """Ask a worker to invite everyone. If the broker cannot be reached the confirm still
    went through: the beat scan runs the launch a few minutes later."""
    from ..tasks import launch_campaign

    try:
        launch_campaign.delay(campaign_id)
    except Exception as exc:  # the broker is down: never a failed page for it
        logger.warning(
            "Could not queue the launch of campaign %s (%s); beat will run it.", campaign_id, type(exc).__name__
        )


@transaction.atomic
def campaign_launch_run(*, campaign: Campaign, now=None) -> int | None:
    """Invite everyone of a launching campaign: snapshot the population, give everyone a
    participation, schedule the invitations, and open the campaign, in one transaction.
    Returns the number of people invited, or None when there was nothing to do: the
    campaign is not launching (already done, so a second run adds nothing), or another
    worker holds it (that one finishes it; if it dies its transaction rolls back, the row
    is free again and the next scan runs it). A check that fails now (the closing date
    passed while the task waited) puts the campaign back to a draft, for the officer to
    launch again and read why not."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update(skip_locked=True).filter(pk=campaign.pk).first()
    if campaign is None or campaign.status != Campaign.Status.LAUNCHING:
        return None
    try:
        _launch_check(campaign, now)
    except DomainError:
        logger.warning("The launch of campaign %s failed its checks; it is a draft again.", campaign.pk)
        campaign.status = Campaign.Status.DRAFT
        campaign.launched_at = None
        campaign.save(update_fields=["status", "launched_at"])
        return None
    units = campaign_tree_units(campaign)
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
    campaign.status = Campaign.Status.OPEN
    campaign.population_size = len(people)
    campaign.save(update_fields=["status", "population_size"])
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


@transaction.atomic
def campaign_launch(*, campaign: Campaign, actor=None, now=None) -> int:
    """Launch at once, in the caller's process (commands, the demo, tests): the request and
    the run in one transaction, no task. Returns the number of people invited."""
    campaign_launch_request(campaign=campaign, actor=actor, now=now, queue=False)
    return campaign_launch_run(campaign=campaign, now=now)


def launches_resume(*, now=None) -> int:
    """Run the launches whose task was lost: launching for longer than `LAUNCH_STUCK_AFTER`
    (the beat scan). Returns how many were run here."""
    now = now or timezone.now()
    done = 0
    stuck = Campaign.objects.filter(status=Campaign.Status.LAUNCHING, launched_at__lte=now - LAUNCH_STUCK_AFTER)
    for campaign in stuck.order_by("pk"):
        logger.info("Campaign %s was still launching; the scan runs its launch.", campaign.pk)
        try:
            if campaign_launch_run(campaign=campaign, now=now) is not None:
                done += 1
        except Exception:  # one broken launch must not stop the scan's closing and reminders
            logger.exception("The launch of campaign %s failed; the next scan tries again.", campaign.pk)
    return done


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
    # The results are new too: analysed with the rest, the first dashboards get good plans.
    vacuum(Response, Comment, Submission, Draft, HeldResponse, HeldComment, OutboxMessage, UnitResult, ScaleResult)


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
    launched = launches_resume(now=now)
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
    return {"launched": launched, "moved": moved, "reminded": reminded, "closed": closed}
