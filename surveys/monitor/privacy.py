"""What of a campaign's results may be shown, and why the rest is hidden.

Built on `surveys.anonymity` (the minimum group and the minimum-difference rule on the
laminar family of organisation units). One visibility per campaign, computed once at
close, is what every page and export reads, so readers who compare notes learn nothing
smaller than the minimum either.

Nesting of the two minimums: the health set (minimum 10 by default) is computed only
among the units already shown under the work-environment minimum (5), and each scale's
own set (some people skip a whole scale) only among the units shown for its kind. Each
set is safe on its own, and a figure of one kind is never subtracted from a figure of
another kind (they are different measures), so everything shown together stays safe.

Response rates: the number who did NOT answer is treated like a count too: a rate is
shown only for shown units whose non-respondents are 0 or a safe group (no manager can
tell that "one or two" have not answered).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from surveys.anonymity import Group, Tree, suppress

WHOLE = "whole"  # the key of the whole population (all units of the campaign together)

TOO_FEW = "too_few"
DIFFERENCE = "difference"
HEALTH_TOO_FEW = "health_too_few"
SCALE_TOO_FEW = "scale_too_few"
RATE_TOO_FEW = "rate_too_few"
REPORTED_ABOVE = "reported_above"
NO_PREVIOUS = "no_previous"


def answered_so_far(campaign, *, moved: int) -> int | None:
    """How many have answered an open campaign, as the wellbeing officer may see it: the
    `moved` answers (so the figure changes only in safe batches, never with one person's
    submit), and only when neither it nor the number still to answer is a group smaller
    than the minimum. None when hidden."""
    rest = campaign.population_size - moved
    if moved < campaign.min_group or 0 < rest < campaign.min_group:
        return None
    return moved


@dataclass
class Visibility:
    minimum: int
    health_minimum: int
    totals: dict  # key -> respondents in the unit and below (never shown unless the key is shown)
    shown: set = field(default_factory=set)
    health: set = field(default_factory=set)
    rate: set = field(default_factory=set)
    reasons: dict = field(default_factory=dict)
    health_reasons: dict = field(default_factory=dict)
    rate_reasons: dict = field(default_factory=dict)


def _groups(units, counts):
    return [Group(key, parent, counts.get(key, 0)) for key, parent in units]


def with_whole(units: list[tuple]) -> list[tuple]:
    """Hang the campaign's top units under one key for the whole population."""
    keys = {key for key, _parent in units}
    return [(WHOLE, None)] + [(key, parent if parent in keys else WHOLE) for key, parent in units]


def campaign_visibility(units, respondents, population, *, minimum, health_minimum) -> Visibility:
    """`units`: (key, parent key) for the whole tree of the campaign, including WHOLE;
    `respondents`/`population`: counts per report unit (key -> people reported there)."""
    groups = _groups(units, respondents)
    tree = Tree(groups)
    shown = suppress(groups, minimum=minimum)
    health = suppress(groups, minimum=health_minimum, candidates=shown)
    non = {key: max(population.get(key, 0) - respondents.get(key, 0), 0) for key, _p in units}
    non_groups = _groups(units, non)
    non_tree = Tree(non_groups)
    non_shown = suppress(non_groups, minimum=minimum) | {k for k, total in non_tree.total.items() if total == 0}
    rate = shown & non_shown
    vis = Visibility(minimum, health_minimum, dict(tree.total), shown, health, rate)
    for key, _parent in units:
        total = tree.total[key]
        if key not in shown:
            vis.reasons[key] = TOO_FEW if total < minimum else DIFFERENCE
        if key not in health:
            vis.health_reasons[key] = vis.reasons.get(key) or (HEALTH_TOO_FEW if total < health_minimum else DIFFERENCE)
        if key in shown and key not in rate:
            vis.rate_reasons[key] = RATE_TOO_FEW
    return vis


def scale_visibility(units, scored: dict, *, minimum: int, candidates: set) -> tuple[set, dict]:
    """Units where a scale's mean may be shown: its own respondents (those who answered
    enough of its items) must also form safe groups. Returns (shown keys, reasons)."""
    groups = _groups(units, scored)
    tree = Tree(groups)
    shown = suppress(groups, minimum=minimum, candidates=candidates)
    reasons = {}
    for key in candidates - shown:
        reasons[key] = SCALE_TOO_FEW if tree.total[key] < minimum else DIFFERENCE
    return shown, reasons


def reason_text(code: str, *, minimum: int, health_minimum: int) -> str:
    """The sentence a page shows where a figure is hidden."""
    if code == TOO_FEW:
        return ngettext(
            "Hidden: fewer than %(n)d person answered here, so the answers could point to someone.",
            "Hidden: fewer than %(n)d people answered here, so the answers could point to someone.",
            minimum,
        ) % {"n": minimum}
    if code == DIFFERENCE:
        return str(
            _(
                "Hidden: together with the figures of nearby units it would let someone work out the "
                "answers of a group too small to be anonymous."
            )
        )
    if code == HEALTH_TOO_FEW:
        return str(_("Hidden: health figures and comments are shown only for groups of at least %(n)d people.")) % {
            "n": health_minimum
        }
    if code == SCALE_TOO_FEW:
        return str(_("Hidden: too few people answered enough of these questions."))
    if code == REPORTED_ABOVE:
        return ngettext(
            "Not shown on its own: this unit has too few people to report alone, so they are counted with "
            "the unit above it, in a group of at least %(n)d person.",
            "Not shown on its own: this unit has too few people to report alone, so they are counted with "
            "the unit above it, in a group of at least %(n)d people.",
            minimum,
        ) % {"n": minimum}
    if code == RATE_TOO_FEW:
        return str(
            _(
                "The number who answered and the response rate are hidden: the number who did not answer is so "
                "small that it could point to someone."
            )
        )
    if code == NO_PREVIOUS:
        return str(_("No comparable figure from the previous campaign."))
    return ""
