"""Where people report and where figures are published: the tree rules behind the
anonymity of the monitor (docs/privacy.md, "Report units"), as pure functions.

`report_units` chooses, at launch, the unit each person reports at, so that at least the
minimum group report at every report unit; `published_units` chooses, at close, the unit
at which each report unit's answers are stored from then on.
"""

from collections import defaultdict

from accounts.models import OrganisationUnit
from surveys.anonymity import Group, Tree

from . import privacy


def unit_pairs(units: list[OrganisationUnit]) -> list[tuple]:
    """(unit id, parent id or WHOLE) for a list of units, plus the whole population."""
    by_path = {unit.path: unit.pk for unit in units}
    step = OrganisationUnit.steplen
    pairs = [(unit.pk, by_path.get(unit.path[:-step])) for unit in units]
    return privacy.with_whole(pairs)


def top_key(tree: Tree):
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
    top = top_key(tree)
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


def as_unit_id(key):
    """A tree key as stored in a unit column: WHOLE is NULL."""
    return None if key == privacy.WHOLE else key


def as_tree_key(unit_id):
    return privacy.WHOLE if unit_id is None else unit_id


def published_units(pairs: list[tuple], shown: set, respondents: dict, minimum: int) -> dict:
    """For each unit key, the key of the unit at which its respondents' figures are
    published: the smallest shown unit at or above it, else the top. Each such group is
    an atom of the shown set (0 or at least `minimum`, see `surveys.anonymity`), except
    possibly the top when it is not shown; a too-small group there takes in the smallest
    other group, so every group but that of a campaign too small to show holds at least
    `minimum` respondents."""
    tree = Tree([Group(key, parent, 0) for key, parent in pairs])
    top = top_key(tree)
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
