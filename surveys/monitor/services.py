"""Rules that change monitor state: launch, answer, move held answers, close, remind, measures.

Called by views, the beat task, management commands and tests alike.
"""

import datetime as dt
import json
import random
import uuid
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.errors import DomainError
from notifications.models import OutboxMessage
from notifications.services import (
    message_schedule,
    messages_cancel_prefix,
    messages_delete_prefix,
    messages_schedule_many,
)
from surveys.anonymity import Group, Tree

from . import privacy, selectors
from .dates import at_local, local_today
from .models import (
    COMMENT_MAX_LENGTH,
    MEASURE_ACTION_MAX_LENGTH,
    MEASURE_DUE_OUT_OF_RANGE,
    MEASURE_OWNER_MAX_LENGTH,
    Campaign,
    Comment,
    Draft,
    HeldComment,
    HeldResponse,
    Measure,
    Participation,
    Response,
    ScaleResult,
    Submission,
    UnitResult,
    campaign_date_limits,
    measure_due_limits,
)
from .questionnaire import available_parts, questionnaire_for
from .selectors import campaign_tree_units, draft_of, has_answered, previous_campaign

_random = random.SystemRandom()


# --- Population and report units -----------------------------------------------------------


def unit_pairs(units: list[OrganisationUnit]) -> list[tuple]:
    """(unit id, parent id or WHOLE) for a list of units, plus the whole population."""
    by_path = {unit.path: unit.pk for unit in units}
    step = OrganisationUnit.steplen
    pairs = [(unit.pk, by_path.get(unit.path[:-step])) for unit in units]
    return privacy.with_whole(pairs)


def _top_key(tree: Tree):
    """The key that stands for the whole population: the campaign's one top unit, or
    WHOLE when the campaign has several."""
    tops = tree.children.get(privacy.WHOLE, [])
    return tops[0] if len(tops) == 1 else privacy.WHOLE


def report_units(pairs: list[tuple], members: dict, minimum: int) -> dict:
    """For each unit with members, the unit its people report at, chosen so that at least
    `minimum` people report at every report unit.

    `members` counts each unit's *own* people (not its subtree). Bottom up, the people of
    a unit wait together with those passed up from its small children; as soon as at least
    `minimum` wait at a unit, that unit becomes their report unit. What is left at the top
    (fewer than `minimum`) joins the smallest report unit found, which then reports at the
    top instead. The top is the campaign's one top unit, or WHOLE (stored as NULL) when it
    has several. Only when the whole population is smaller than `minimum` does a report
    unit hold fewer; nothing about such a campaign is ever shown.
    """
    tree = Tree([Group(key, parent, 0) for key, parent in pairs])
    top = _top_key(tree)
    waiting: dict = {}  # unit key -> (unit keys whose people wait here, number of people)
    groups: dict = {}  # report unit key -> (unit keys reporting there, number of people)
    for key in tree.post_order():
        if key == privacy.WHOLE and top != privacy.WHOLE:
            continue
        units = [key] if members.get(key, 0) else []
        count = members.get(key, 0)
        for child in tree.children[key]:
            child_units, child_count = waiting.pop(child, ([], 0))
            units += child_units
            count += child_count
        if count >= minimum or (key == top and count and not groups):
            groups[key] = (units, count)
        else:
            waiting[key] = (units, count)
    left_units, left_count = waiting.pop(top, ([], 0))
    if left_count:
        smallest = min(groups, key=lambda k: (groups[k][1], str(k)))
        merged_units, merged_count = groups.pop(smallest)
        own_units, own_count = groups.pop(top, ([], 0))
        groups[top] = (left_units + merged_units + own_units, left_count + merged_count + own_count)
    return {unit: report for report, (units, _count) in groups.items() for unit in units}


def _unit_id(key):
    """A tree key as stored in a unit column: WHOLE is NULL."""
    return None if key == privacy.WHOLE else key


def _tree_key(unit_id):
    return privacy.WHOLE if unit_id is None else unit_id


# --- Launch --------------------------------------------------------------------------------


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
            Participation(campaign=campaign, user_id=pk, unit_id=unit_id, report_unit_id=_unit_id(reporting[unit_id]))
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
    not_after = at_local(campaign.closes_on + dt.timedelta(days=1), 0)
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


def draft_save(*, participation: Participation, answers: dict, comment: str | None = None) -> None:
    """Keep this person's unfinished answers (theirs only; deleted on submit and at close)."""
    campaign = participation.campaign
    if not campaign.is_answerable() or has_answered(participation):
        raise DomainError(_("This questionnaire can no longer be changed."))
    current = draft_of(participation)
    stored = dict(current.get("answers", {}))
    stored.update(answers)
    text = current.get("comment", "")
    if comment is not None and campaign.free_text:
        text = comment[:COMMENT_MAX_LENGTH]
    Draft.objects.update_or_create(
        campaign_id=campaign.pk,
        user_id=participation.user_id,
        defaults={"answers": json.dumps(questionnaire_for(campaign).clean(stored)), "comment": text},
    )


def response_submit(*, participation: Participation) -> None:
    """Finish: in ONE transaction, record that the person has answered, hold their answers
    (and, apart, their comment) without any user, and delete their draft. The unique
    submission makes a second (or concurrent) submit change nothing.

    What a database administrator could link: until `held_move` moves them, the held rows
    share this transaction's id with the submission row (they are encrypted, so the DBA
    needs the MONITOR_DRAFT_KEYS too to read them). The deleted draft leaves a dead row
    version until the next vacuum of the drafts table (also encrypted)."""
    campaign = participation.campaign
    if not campaign.is_answerable():
        raise DomainError(_("This questionnaire is closed."))
    already = _("You have already answered this questionnaire. Thank you.")
    with transaction.atomic():
        draft = draft_of(participation)
        try:
            with transaction.atomic():
                Submission.objects.create(campaign_id=campaign.pk, user_id=participation.user_id)
        except IntegrityError:
            raise DomainError(already) from None
        answers = questionnaire_for(campaign).clean(draft.get("answers", {}))
        comment = (draft.get("comment") or "").strip()[:COMMENT_MAX_LENGTH] if campaign.free_text else ""
        HeldResponse.objects.create(
            campaign_id=campaign.pk, report_unit_id=participation.report_unit_id, answers=json.dumps(answers)
        )
        if comment:
            HeldComment.objects.create(
                campaign_id=campaign.pk, report_unit_id=participation.report_unit_id, text=comment
            )
        Draft.objects.filter(campaign_id=campaign.pk, user_id=participation.user_id).delete()
    # No more reminders for this person (a separate, later transaction).
    messages_cancel_prefix(prefix=f"monitor:{campaign.pk}:user:{participation.user_id}:reminder:")


# --- Moving held answers -------------------------------------------------------------------


def vacuum(*models) -> None:
    """Reclaim deleted and updated row versions on PostgreSQL, so old versions (a user's
    draft, a held row's transaction id, a response's finer unit) do not linger on disk.
    VACUUM cannot run inside a transaction, so it is skipped when the caller holds one
    (tests that wrap each test in a transaction)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"VACUUM {model._meta.db_table}")


def _move_batch(campaign: Campaign, held_model, minimum: int, force: bool) -> int:
    """Move held rows of one campaign, per report unit, where at least `minimum` of the same
    report unit wait (every row when `force`), each unit's batch in one transaction, in
    random order with new random keys. Same-unit batches mean the people who submitted
    between two moves of a unit (a DBA can see when the moves happened) are at least
    `minimum` for each batch, whatever else was submitted meanwhile."""
    questionnaire = questionnaire_for(campaign)
    waiting = _count_by(held_model.objects.filter(campaign=campaign), "report_unit_id")
    moved = 0
    for report_unit_id, count in waiting:
        if not force and count < minimum:
            continue
        with transaction.atomic():
            held = list(
                held_model.objects.select_for_update(skip_locked=True).filter(
                    campaign=campaign, report_unit_id=report_unit_id
                )
            )
            if not held or (not force and len(held) < minimum):
                continue
            _random.shuffle(held)
            if held_model is HeldResponse:
                rows = []
                for row in held:
                    answers = json.loads(row.answers)
                    rows.append(
                        Response(
                            id=uuid.uuid4(),
                            campaign_id=campaign.pk,
                            report_unit_id=report_unit_id,
                            answers=answers,
                            scores=questionnaire.score(answers),
                        )
                    )
                Response.objects.bulk_create(rows, batch_size=2000)
            else:
                Comment.objects.bulk_create(
                    [
                        Comment(id=uuid.uuid4(), campaign_id=campaign.pk, report_unit_id=report_unit_id, text=row.text)
                        for row in held
                    ],
                    batch_size=2000,
                )
            keys = [row.pk for row in held]
            for start in range(0, len(keys), 5000):  # SQLite limits the parameters of one query
                held_model.objects.filter(pk__in=keys[start : start + 5000]).delete()
            moved += len(held)
    return moved


def held_move(*, campaign: Campaign | None = None, force: bool = False) -> int:
    """Move held answers into responses (batches of the minimum group of one report unit)
    and held comments into comments (batches of the health minimum), every one when
    `force` (at close); then vacuum the holding and draft tables. Returns answers moved."""
    if campaign is not None:
        campaigns = [campaign]
    else:
        ids = set(HeldResponse.objects.values_list("campaign_id", flat=True).distinct())
        ids |= set(HeldComment.objects.values_list("campaign_id", flat=True).distinct())
        campaigns = list(Campaign.objects.filter(pk__in=ids))
    moved = comments = 0
    for target in campaigns:
        moved += _move_batch(target, HeldResponse, target.min_group, force)
        comments += _move_batch(target, HeldComment, target.min_group_health, force)
    if moved or comments:
        vacuum(HeldResponse, HeldComment, Draft)
    return moved


# --- Close and results ---------------------------------------------------------------------


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


def published_units(pairs: list[tuple], shown: set, respondents: dict, minimum: int) -> dict:
    """For each unit key, the key of the unit at which its respondents' figures are
    published: the smallest shown unit at or above it, else the top. Each such group is
    an atom of the shown set (0 or at least `minimum`, see `surveys.anonymity`), except
    possibly the top when it is not shown; a too-small group there takes in the smallest
    other group, so every group but that of a campaign too small to show holds at least
    `minimum` respondents."""
    tree = Tree([Group(key, parent, 0) for key, parent in pairs])
    top = _top_key(tree)
    parent = dict(pairs)
    label = {}
    for key, _parent in pairs:
        current = key
        while current not in shown and current != top and parent.get(current) is not None:
            current = parent[current]
        label[key] = current if current in shown else top
    counts = defaultdict(int)
    for key, value in respondents.items():
        counts[label.get(key, top)] += value
    if 0 < counts[top] < minimum:
        others = [key for key, value in counts.items() if key != top and value]
        if others:
            smallest = min(others, key=lambda k: (counts[k], str(k)))
            label = {key: top if value == smallest else value for key, value in label.items()}
    return label


def responses_coarsen(*, campaign: Campaign, visibility: privacy.Visibility) -> None:
    """Rewrite the campaign's responses and comments, each with the unit its figures are
    published at, new random keys, in random order, in the caller's one transaction: after
    close no stored unit holds fewer than the minimum group, and no row keeps the
    transaction id of the batch it was moved in (every one shares the close's)."""
    pairs = unit_pairs(campaign_tree_units(campaign))
    respondents = {
        _tree_key(unit_id): count
        for unit_id, count in _count_by(Response.objects.filter(campaign=campaign), "report_unit_id")
    }
    for model, shown in ((Response, visibility.shown), (Comment, visibility.health)):
        label = published_units(pairs, shown, respondents, visibility.minimum)
        rows = list(model.objects.filter(campaign=campaign))
        for row in rows:
            row.id = uuid.uuid4()
            row.report_unit_id = _unit_id(label.get(_tree_key(row.report_unit_id), _tree_key(row.report_unit_id)))
        _random.shuffle(rows)
        model.objects.filter(campaign=campaign).delete()
        model.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def results_compute(*, campaign: Campaign) -> privacy.Visibility:
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
        report_unit = _tree_key(report_unit)
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
        population[_tree_key(report_unit)] = count

    vis = privacy.campaign_visibility(
        pairs, respondents, population, minimum=campaign.min_group, health_minimum=campaign.min_group_health
    )
    pop_tree = Tree([Group(key, parent, population.get(key, 0)) for key, parent in pairs])
    # Units whose people all report at a unit above them (too few on their own) say so.
    members = {key: 0 for key, _p in pairs}
    for unit_id, count in _count_by(Participation.objects.filter(campaign=campaign), "unit_id"):
        members[unit_id] = count
    member_tree = Tree([Group(key, parent, members.get(key, 0)) for key, parent in pairs])
    reported_above = {key for key, _p in pairs if pop_tree.total[key] == 0 and member_tree.total[key] > 0}

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
                # A count where the rate is hidden would give away "one did not answer" too.
                respondents=vis.totals[key] if rate_shown else None,
                response_rate=round(100 * vis.totals[key] / pop_tree.total[key], 1) if rate_shown else None,
                hidden_reason=privacy.REPORTED_ABOVE if key in reported_above else vis.reasons.get(key, ""),
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
    return vis


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
                        "due_at": max(now, at_local(date, 9)),
                        "not_after": at_local(campaign.closes_on + dt.timedelta(days=1), 0),
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
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN, closes_on__lt=local_today(now)):
        campaign_close(campaign=campaign, now=now)
        closed += 1
    return {"moved": moved, "reminded": reminded, "closed": closed}


# --- Measures ------------------------------------------------------------------------------

MEASURE_REMINDER_DAYS = 7


def measure_check(*, measure: Measure) -> None:
    """The rules a measure must meet before it is saved (the form says the same on its fields)."""
    earliest, latest = measure_due_limits()
    if not earliest <= measure.due_on <= latest:
        raise DomainError(MEASURE_DUE_OUT_OF_RANGE % {"earliest": earliest.isoformat(), "latest": latest.isoformat()})
    texts = [
        (measure.action, MEASURE_ACTION_MAX_LENGTH, _("Describe what will be done in at most %(n)d characters.")),
        (measure.owner, MEASURE_OWNER_MAX_LENGTH, _("Name who owns the measure in at most %(n)d characters.")),
    ]
    for value, limit, message in texts:
        if not value.strip() or len(value) > limit:
            raise DomainError(message % {"n": limit})


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
        due_at = max(timezone.now(), at_local(remind_on, 9))
        not_after = at_local(measure.due_on + dt.timedelta(days=1), 0)
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
