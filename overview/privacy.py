"""Which usage counts may be shown: the monitor's rules (`surveys.anonymity`), not a copy.

The groups are the units of the organisation tree, each counted with everything below it,
so a parent's count minus its children's is itself a group the rule checks (the atoms of
`surveys.anonymity`). One visibility per quarter and organisation, for every reader.

Using a service for help is health information, so the minimum is the health minimum of
the monitor (as for the step counts of an incident, `peer_support.selectors.incident_min_group`).
Both sides are checked, as the monitor does for response rates: the people who used it,
and the people who did not. Where nearly everyone of a unit used it, the count would say
of each of them that they did.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.anonymity import Group, Tree, suppress

TOO_FEW = "too_few"
TOO_MANY = "too_many"
DIFFERENCE = "difference"


def usage_visibility(units, users: dict, population: dict, *, minimum: int) -> tuple[dict, dict]:
    """`units`: (key, parent key) of one organisation's tree; `users`/`population`: people per
    unit itself (not below it). Returns (shown totals by key, hidden reasons by key)."""
    groups = [Group(key, parent, users.get(key, 0)) for key, parent in units]
    shown = suppress(groups, minimum=minimum)
    non_users = [Group(key, parent, max(population.get(key, 0) - users.get(key, 0), 0)) for key, parent in units]
    # Only among the units already shown for their users: a subset of a safe set stays safe.
    both = suppress(non_users, minimum=minimum, candidates=shown)
    tree, non_tree = Tree(groups), Tree(non_users)
    totals, reasons = {}, {}
    for key, _parent in units:
        if key in both:
            totals[key] = tree.total[key]
        elif tree.total[key] < minimum:
            reasons[key] = TOO_FEW
        elif non_tree.total[key] < minimum:
            reasons[key] = TOO_MANY
        else:
            reasons[key] = DIFFERENCE
    return totals, reasons


def reason_text(code: str, *, minimum: int) -> str:
    if code == TOO_FEW:
        return ngettext(
            "Hidden: fewer than %(n)d person, so the figure could point to someone.",
            "Hidden: fewer than %(n)d people, so the figure could point to someone.",
            minimum,
        ) % {"n": minimum}
    if code == TOO_MANY:
        return _("Hidden: nearly everyone in this unit, so the figure would say it of each of them.")
    if code == DIFFERENCE:
        return _(
            "Hidden: together with the figures of nearby units it would let someone work out a group "
            "too small to be anonymous."
        )
    return ""
