"""Moving held answers into responses, in batches of at least the minimum group of one
report unit (comments: the health minimum), so that no batch narrows an answer down to a
smaller group (docs/privacy.md)."""

import json
import random
import uuid

from django.db import transaction

from ..models import Campaign, Comment, Draft, HeldComment, HeldResponse, Response
from ..questionnaire import questionnaire_for
from .storage import count_by, vacuum

_random = random.SystemRandom()


def _move_batch(campaign: Campaign, held_model, minimum: int, force: bool) -> int:
    """Move held rows of one campaign, per report unit, where at least `minimum` of the same
    report unit wait (every row when `force`), each unit's batch in one transaction, in
    random order with new random keys. Same-unit batches mean the people who submitted
    between two moves of a unit (a DBA can see when the moves happened) are at least
    `minimum` for each batch, whatever else was submitted meanwhile."""
    questionnaire = questionnaire_for(campaign)
    waiting = count_by(held_model.objects.filter(campaign=campaign), "report_unit_id")
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
