"""Results at close: aggregate once, store only what `privacy` allows, and rewrite every
response and comment with the unit its figures are published at."""

import random
import uuid
from collections import defaultdict

from django.db import transaction

from surveys.anonymity import Group, Tree

from .. import privacy
from ..models import Campaign, Comment, Participation, Response, ScaleResult, UnitResult
from ..questionnaire import questionnaire_for
from ..reporting import as_tree_key, as_unit_id, published_units, unit_pairs
from ..selectors import campaign_tree_units, previous_campaign
from .storage import count_by

_random = random.SystemRandom()


def responses_coarsen(*, campaign: Campaign, visibility: privacy.Visibility) -> None:
    """Rewrite the campaign's responses and comments, each with the unit its figures are
    published at, new random keys, in random order, in the caller's one transaction: after
    close no stored unit holds fewer than the minimum group, and no row keeps the
    transaction id of the batch it was moved in (every one shares the close's)."""
    pairs = unit_pairs(campaign_tree_units(campaign))
    respondents = {
        as_tree_key(unit_id): count
        for unit_id, count in count_by(Response.objects.filter(campaign=campaign), "report_unit_id")
    }
    for model, shown in ((Response, visibility.shown), (Comment, visibility.health)):
        label = published_units(pairs, shown, respondents, visibility.minimum)
        rows = list(model.objects.filter(campaign=campaign))
        for row in rows:
            row.id = uuid.uuid4()
            row.report_unit_id = as_unit_id(label.get(as_tree_key(row.report_unit_id), as_tree_key(row.report_unit_id)))
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
        report_unit = as_tree_key(report_unit)
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
    for report_unit, count in count_by(Participation.objects.filter(campaign=campaign), "report_unit_id"):
        population[as_tree_key(report_unit)] = count

    vis = privacy.campaign_visibility(
        pairs, respondents, population, minimum=campaign.min_group, health_minimum=campaign.min_group_health
    )
    pop_tree = Tree([Group(key, parent, population.get(key, 0)) for key, parent in pairs])
    # Units whose people all report at a unit above them (too few on their own) say so.
    members = {key: 0 for key, _p in pairs}
    for unit_id, count in count_by(Participation.objects.filter(campaign=campaign), "unit_id"):
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
