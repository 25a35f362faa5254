"""Rules that change monitor state: launch, answer, move held answers, close, remind, measures.

Called by views, the beat task, management commands and tests alike.
"""

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit, User
from notifications.services import message_schedule, messages_cancel_prefix, messages_schedule_many
from surveys.anonymity import Group, Tree

from . import privacy
from .models import Campaign, Comment, HeldResponse, Measure, Participation, Response, ScaleResult, UnitResult
from .questionnaire import available_parts, questionnaire_for

_random = random.SystemRandom()
COMMENT_MAX = 2000


class MonitorError(Exception):
    """A rule of the monitor refused the action; the message is for the user."""


# --- Time helpers --------------------------------------------------------------------------


def local_today(now=None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _at_local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def is_answerable(campaign: Campaign, now=None) -> bool:
    today = local_today(now)
    return campaign.is_open and campaign.opens_on <= today <= campaign.closes_on


# --- Population and report units -----------------------------------------------------------


def campaign_tree_units(campaign: Campaign) -> list[OrganisationUnit]:
    """Every unit in the campaign's population units and below them (one query)."""
    from django.db.models import Q

    roots = list(campaign.units.all())
    if not roots:
        return []
    query = Q()
    for root in roots:
        query |= Q(path__startswith=root.path)
    return list(OrganisationUnit.objects.filter(query).order_by("path"))


def unit_pairs(units: list[OrganisationUnit]) -> list[tuple]:
    """(unit id, parent id or WHOLE) for a list of units, plus the whole population."""
    by_path = {unit.path: unit.pk for unit in units}
    step = OrganisationUnit.steplen
    pairs = [(unit.pk, by_path.get(unit.path[:-step])) for unit in units]
    return privacy.with_whole(pairs)


def report_units(pairs: list[tuple], members: dict, minimum: int) -> dict:
    """For each unit, the smallest unit at or above it with at least `minimum` members in
    its subtree; a too-small unit rolls up to its parent, the top of the tree stops it."""
    tree = Tree([Group(key, parent, members.get(key, 0)) for key, parent in pairs])
    parent = dict(pairs)
    found = {}
    for key, _p in pairs:
        if key == privacy.WHOLE:
            continue
        current = key
        while tree.total[current] < minimum and parent.get(current) not in (None, privacy.WHOLE):
            current = parent[current]
        found[key] = current
    return found


# --- Launch --------------------------------------------------------------------------------


# Campaign dates: any real campaign fits, and the invitations and retention computed from
# them stay within the calendar (a campaign closing on 9999-12-31 overflowed at launch).
CAMPAIGN_DATE_SPAN = dt.timedelta(days=2 * 365)


def campaign_date_limits(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or local_today()
    return today - CAMPAIGN_DATE_SPAN, today + CAMPAIGN_DATE_SPAN


@transaction.atomic
def campaign_launch(*, campaign: Campaign, actor=None, now=None) -> int:
    """Snapshot the population, give everyone a participation, schedule the invitation.
    Returns the number of people invited."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.DRAFT:
        raise MonitorError(_("This campaign has already been launched."))
    if campaign.closes_on < local_today(now):
        raise MonitorError(_("The closing date has passed."))
    earliest, latest = campaign_date_limits(local_today(now))
    if not earliest <= campaign.opens_on <= latest or campaign.closes_on > latest:
        raise MonitorError(_("Choose opening and closing dates within two years of today."))
    files = available_parts()
    missing = [key for key in campaign.parts if key not in files]
    if not campaign.parts or missing:
        raise MonitorError(_("The questionnaire is missing."))
    units = campaign_tree_units(campaign)
    if not units:
        raise MonitorError(_("Choose at least one unit."))
    pairs = unit_pairs(units)
    people = list(
        User.objects.filter(is_active=True, deactivated_at__isnull=True, unit__in=units).values_list(
            "pk", "unit_id", "language"
        )
    )
    members = defaultdict(int)
    for _pk, unit_id, _lang in people:
        members[unit_id] += 1
    reporting = report_units(pairs, members, campaign.min_group)
    Participation.objects.bulk_create(
        [
            Participation(campaign=campaign, user_id=pk, unit_id=unit_id, report_unit_id=reporting[unit_id])
            for pk, unit_id, _lang in people
        ],
        batch_size=5000,
    )
    campaign.questionnaire = {"parts": [files[key] for key in campaign.parts]}
    campaign.status = Campaign.Status.OPEN
    campaign.launched_at = now
    campaign.population_size = len(people)
    campaign.save()
    due = max(now, _at_local(campaign.opens_on, 8))
    not_after = _at_local(campaign.closes_on + dt.timedelta(days=1), 0)
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
    return {"closes_on": campaign.closes_on.isoformat(), "path": f"/monitor/c/{campaign.pk}/"}


# --- Answering -----------------------------------------------------------------------------


def participation_for(*, campaign: Campaign, user) -> Participation | None:
    return Participation.objects.filter(campaign=campaign, user=user).first()


def draft_save(*, participation: Participation, answers: dict, comment: str | None = None) -> None:
    """Keep this person's unfinished answers (theirs only; deleted on submit and at close)."""
    campaign = participation.campaign
    if participation.responded or not is_answerable(campaign):
        raise MonitorError(_("This questionnaire can no longer be changed."))
    draft = dict(participation.draft or {})
    stored = dict(draft.get("answers", {}))
    stored.update(answers)
    draft["answers"] = questionnaire_for(campaign).clean(stored)
    if comment is not None and campaign.free_text:
        draft["comment"] = comment[:COMMENT_MAX]
    Participation.objects.filter(pk=participation.pk, responded=False).update(draft=draft)
    participation.draft = draft


def response_submit(*, participation: Participation) -> None:
    """Finish: in ONE transaction, mark the person as done and hold their answers without
    any user. The conditional update makes a second (or concurrent) submit change nothing."""
    campaign = participation.campaign
    if not is_answerable(campaign):
        raise MonitorError(_("This questionnaire is closed."))
    with transaction.atomic():
        fresh = Participation.objects.select_for_update().filter(pk=participation.pk).first()
        if fresh is None or fresh.responded:
            raise MonitorError(_("You have already answered this questionnaire. Thank you."))
        draft = fresh.draft or {}
        answers = questionnaire_for(campaign).clean(draft.get("answers", {}))
        comment = (draft.get("comment") or "").strip() if campaign.free_text else ""
        updated = Participation.objects.filter(pk=fresh.pk, responded=False).update(responded=True, draft={})
        if updated != 1:
            raise MonitorError(_("You have already answered this questionnaire. Thank you."))
        HeldResponse.objects.create(
            campaign_id=campaign.pk, report_unit_id=fresh.report_unit_id, answers=answers, comment=comment[:COMMENT_MAX]
        )
    participation.responded = True
    participation.draft = {}
    # No more reminders for this person (a separate, later transaction).
    messages_cancel_prefix(prefix=f"monitor:{campaign.pk}:user:{participation.user_id}:reminder:")


# --- Moving held answers -------------------------------------------------------------------


def _vacuum_held() -> None:
    """Reclaim the deleted holding rows on PostgreSQL so their old versions (with the
    transaction id they shared with a participation) do not linger on disk. VACUUM cannot
    run inside a transaction, so it is skipped when the caller holds one (tests)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {HeldResponse._meta.db_table}")


def held_move(*, campaign: Campaign | None = None, force: bool = False) -> int:
    """Move held answers into responses, per campaign, only when at least the minimum group
    of them wait (all of them when `force`, at close). In random order, one transaction,
    new random keys; then delete (and vacuum) the holding rows. Returns rows moved."""
    campaign_ids = (
        [campaign.pk]
        if campaign is not None
        else list(HeldResponse.objects.values_list("campaign_id", flat=True).distinct())
    )
    moved = 0
    for campaign_id in campaign_ids:
        target = Campaign.objects.get(pk=campaign_id)
        questionnaire = questionnaire_for(target)
        with transaction.atomic():
            held = list(HeldResponse.objects.select_for_update(skip_locked=True).filter(campaign_id=campaign_id))
            if not held or (not force and len(held) < target.min_group):
                continue
            _random.shuffle(held)
            Response.objects.bulk_create(
                [
                    Response(
                        id=uuid.uuid4(),
                        campaign_id=campaign_id,
                        report_unit_id=row.report_unit_id,
                        answers=row.answers,
                        scores=questionnaire.score(row.answers),
                    )
                    for row in held
                ],
                batch_size=2000,
            )
            comments = [row for row in held if row.comment.strip()]
            _random.shuffle(comments)
            Comment.objects.bulk_create(
                [
                    Comment(
                        id=uuid.uuid4(), campaign_id=campaign_id, report_unit_id=row.report_unit_id, text=row.comment
                    )
                    for row in comments
                ]
            )
            keys = [row.pk for row in held]
            for start in range(0, len(keys), 5000):  # SQLite limits the parameters of one query
                HeldResponse.objects.filter(pk__in=keys[start : start + 5000]).delete()
            moved += len(held)
    if moved:
        _vacuum_held()
    return moved


# --- Close and results ---------------------------------------------------------------------


def campaign_close(*, campaign: Campaign, now=None) -> None:
    """Close: move every held answer, delete unfinished drafts, compute the results once."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.OPEN:
            raise MonitorError(_("Only an open campaign can be closed."))
        campaign.status = Campaign.Status.CLOSED
        campaign.closed_at = now
        campaign.save(update_fields=["status", "closed_at"])
    held_move(campaign=campaign, force=True)
    Participation.objects.filter(campaign=campaign).exclude(draft={}).update(draft={})
    results_compute(campaign=campaign)
    messages_cancel_prefix(prefix=f"monitor:{campaign.pk}:")


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (
        Campaign.objects.filter(status=Campaign.Status.CLOSED, closes_on__lt=campaign.closes_on)
        .exclude(pk=campaign.pk)
        .order_by("-closes_on", "-pk")
        .first()
    )


@transaction.atomic
def results_compute(*, campaign: Campaign) -> None:
    """Aggregate per unit and scale, decide visibility, store only what may be shown."""
    questionnaire = questionnaire_for(campaign)
    units = campaign_tree_units(campaign)
    pairs = unit_pairs(units)
    names = {unit.pk: unit.name for unit in units}
    paths = {unit.pk: unit.path for unit in units}

    respondents = defaultdict(int)
    # Per report unit and scale: [n, sum, green, amber, red] of individual scale scores.
    sums = defaultdict(lambda: [0, 0.0, 0, 0, 0])
    level_of = {ms.key: ms.scale.band_for for ms in questionnaire.scales}
    for report_unit, scores in (
        Response.objects.filter(campaign=campaign).values_list("report_unit_id", "scores").iterator(chunk_size=5000)
    ):
        respondents[report_unit] += 1
        for key, value in scores.items():
            band_for = level_of.get(key)
            if band_for is None:
                continue
            entry = sums[(report_unit, key)]
            entry[0] += 1
            entry[1] += value
            band = band_for(value)
            level = band.level if band is not None else 0
            entry[2 + min(level, 2)] += 1
    population = defaultdict(int)
    for report_unit, count in _count_by(Participation.objects.filter(campaign=campaign), "report_unit_id"):
        population[report_unit] = count

    vis = privacy.campaign_visibility(
        pairs, respondents, population, minimum=campaign.min_group, health_minimum=campaign.min_group_health
    )
    pop_tree = Tree([Group(key, parent, population.get(key, 0)) for key, parent in pairs])

    # Roll the per-scale sums up the tree (post-order) so each unit covers its subtree.
    tree = Tree([Group(key, parent, 0) for key, parent in pairs])
    rolled = {}
    for key in tree.post_order():
        for ms in questionnaire.scales:
            own = sums.get((key, ms.key), [0, 0.0, 0, 0, 0])
            total = list(own)
            for child in tree.children[key]:
                child_total = rolled[(child, ms.key)]
                for i in range(5):
                    total[i] += child_total[i]
            rolled[(key, ms.key)] = total

    scale_shown = {}
    for ms in questionnaire.scales:
        candidates = vis.health if ms.is_health else vis.shown
        minimum = campaign.min_group_health if ms.is_health else campaign.min_group
        scored = {key: sums.get((key, ms.key), [0])[0] for key, _p in pairs}
        scale_shown[ms.key] = privacy.scale_visibility(pairs, scored, minimum=minimum, candidates=candidates)

    previous = previous_campaign(campaign)
    previous_means = {}
    if previous is not None:
        for unit_id, scale, mean in ScaleResult.objects.filter(
            unit_result__campaign=previous, mean__isnull=False
        ).values_list("unit_result__unit_id", "scale", "mean"):
            previous_means[(unit_id if unit_id is not None else privacy.WHOLE, scale)] = mean

    UnitResult.objects.filter(campaign=campaign).delete()
    results = []
    for key, parent in pairs:
        shown = key in vis.shown
        rate_shown = key in vis.rate and pop_tree.total[key] > 0
        results.append(
            UnitResult(
                campaign=campaign,
                unit_id=None if key == privacy.WHOLE else key,
                parent_id=None if parent in (None, privacy.WHOLE) else parent,
                path=paths.get(key, ""),
                name=names.get(key, campaign.name),
                shown=shown,
                health_shown=key in vis.health,
                respondents=vis.totals[key] if shown else None,
                response_rate=round(100 * vis.totals[key] / pop_tree.total[key], 1) if rate_shown else None,
                hidden_reason=vis.reasons.get(key, ""),
                health_hidden_reason=vis.health_reasons.get(key, ""),
                rate_hidden_reason="" if rate_shown or not shown else privacy.RATE_TOO_FEW,
            )
        )
    UnitResult.objects.bulk_create(results, batch_size=2000)
    result_ids = dict(UnitResult.objects.filter(campaign=campaign).values_list("unit_id", "pk"))
    scale_rows = []
    for key, _parent in pairs:
        unit_id = None if key == privacy.WHOLE else key
        for ms in questionnaire.scales:
            shown_set, reasons = scale_shown[ms.key]
            n, total, green, amber, red = rolled[(key, ms.key)]
            if key in shown_set and n:
                prev = previous_means.get((key, ms.key))
                scale_rows.append(
                    ScaleResult(
                        unit_result_id=result_ids[unit_id],
                        scale=ms.key,
                        mean=round(total / n, 1),
                        green=round(100 * green / n, 1),
                        amber=round(100 * amber / n, 1),
                        red=round(100 * red / n, 1),
                        previous_mean=prev,
                    )
                )
            else:
                kind_reasons = vis.health_reasons if ms.is_health else vis.reasons
                reason = kind_reasons.get(key) or reasons.get(key) or privacy.SCALE_TOO_FEW
                scale_rows.append(ScaleResult(unit_result_id=result_ids[unit_id], scale=ms.key, hidden_reason=reason))
    ScaleResult.objects.bulk_create(scale_rows, batch_size=5000)


def _count_by(queryset, field: str):
    from django.db.models import Count

    return queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n").order_by()


# --- Scans (beat) --------------------------------------------------------------------------


def reminders_scan(*, now=None) -> int:
    """On each reminder date, remind those who have not answered (deterministic keys)."""
    now = now or timezone.now()
    today = local_today(now)
    scheduled = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        done = set(campaign.reminders_done)
        for day in campaign.reminder_dates:
            date = dt.date.fromisoformat(day)
            if date > today or day in done or date > campaign.closes_on or date < campaign.opens_on:
                continue
            pending = Participation.objects.filter(campaign=campaign, responded=False).values_list(
                "user_id", "user__language"
            )
            scheduled += messages_schedule_many(
                rows=[
                    {
                        "key": f"monitor:{campaign.pk}:user:{user_id}:reminder:{day}",
                        "recipient_id": user_id,
                        "language": lang,
                        "template": "monitor_reminder",
                        "context": _mail_context(campaign),
                        "due_at": max(now, _at_local(date, 9)),
                        "not_after": _at_local(campaign.closes_on + dt.timedelta(days=1), 0),
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
    reminded = reminders_scan(now=now)
    closed = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__lt=local_today(now)):
        campaign_close(campaign=campaign, now=now)
        closed += 1
    return {"moved": moved, "reminded": reminded, "closed": closed}


# --- Measures ------------------------------------------------------------------------------

MEASURE_REMINDER_DAYS = 7
# Due dates any real plan fits in; the reminder arithmetic overflows near 9999-12-31.
MEASURE_EARLIEST_DUE = dt.date(2000, 1, 1)
MEASURE_DUE_SPAN = dt.timedelta(days=5 * 365)


def measure_due_limits(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    return MEASURE_EARLIEST_DUE, (today or local_today()) + MEASURE_DUE_SPAN


def measure_check(*, measure: Measure) -> None:
    """The rules a measure must meet before it is saved (the form says the same on its fields)."""
    earliest, latest = measure_due_limits()
    if not earliest <= measure.due_on <= latest:
        raise MonitorError(
            _("Choose a due date between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )
    texts = {
        "action": _("Describe what will be done in at most %(n)d characters."),
        "owner": _("Name who owns the measure in at most %(n)d characters."),
    }
    for name, message in texts.items():
        value, limit = getattr(measure, name), Measure._meta.get_field(name).max_length
        if not value.strip() or len(value) > limit:
            raise MonitorError(message % {"n": limit})


@transaction.atomic
def measure_save(*, measure: Measure, actor) -> Measure:
    """Save a measure and (re)schedule the reminder before its due date to its creator.
    Checked first and in one transaction, so a refusal leaves no measure without its reminder."""
    measure_check(measure=measure)
    if measure.created_by_id is None:
        measure.created_by = actor
    measure.save()
    messages_cancel_prefix(prefix=f"monitor:measure:{measure.pk}:")
    if measure.is_open and measure.created_by_id:
        remind_on = measure.due_on - dt.timedelta(days=MEASURE_REMINDER_DAYS)
        due_at = max(timezone.now(), _at_local(remind_on, 9))
        not_after = _at_local(measure.due_on + dt.timedelta(days=1), 0)
        if due_at < not_after:
            message_schedule(
                key=f"monitor:measure:{measure.pk}:due:{measure.due_on.isoformat()}",
                template="monitor_measure_due",
                due_at=due_at,
                recipient=measure.created_by,
                language=measure.created_by.language,
                context={"due_on": measure.due_on.isoformat(), "path": f"/monitor/measures/{measure.pk}/"},
                not_after=not_after,
            )
    return measure


def settings_defaults() -> dict:
    return {
        "min_group": getattr(settings, "MONITOR_MIN_GROUP", 5),
        "min_group_health": getattr(settings, "MONITOR_MIN_GROUP_HEALTH", 10),
    }
