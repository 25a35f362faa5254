"""Which aggregate groups may be shown: the minimum group and the minimum-difference rule.

Every number on every page and export of anonymous results passes through here.

The groups a reader can see are units of the organisation tree, each counted with its
whole subtree, so any two of them are either nested or disjoint (a laminar family).
For such a family the finest groups a reader can compute by adding and subtracting
shown counts are the *atoms*: for each shown unit, its respondents that are not in any
shown unit below it. Every shown count is a sum of atoms, and every count a reader
can derive is a sum of atoms too. So the rule "no derivable group between 1 and K-1"
holds exactly when every atom is 0 or at least K, and that is what `suppress` makes
true, hiding as little as it can (complementary suppression: when a unit's atom is
too small, it hides the smallest shown unit below it that fills the gap, else the
unit itself, whose respondents then join its parent's atom).

The result is one set for the whole organisation, not per reader: a reader sees a
subset of it (their own units and the organisation total), and any subset of a safe
set is safe too (hiding a unit only merges its atom into its parent's), so readers
who compare notes learn nothing smaller than K either.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

# The documented floors of the minimum groups (instruments.md): a campaign or an organisation
# may ask for larger groups, never smaller ones. Here, with no model, so that the organisation's
# settings can check them without loading the monitor.
MIN_GROUP_FLOOR = 5
MIN_GROUP_HEALTH_FLOOR = 10

Key = Hashable


@dataclass(frozen=True)
class Group:
    """A unit of the tree: `count` is the respondents reported in this unit itself
    (not in its children); `parent` is None for the root."""

    key: Key
    parent: Key | None
    count: int


class Tree:
    def __init__(self, groups: Iterable[Group]):
        self.groups = {group.key: group for group in groups}
        self.children: dict[Key, list[Key]] = {key: [] for key in self.groups}
        self.roots: list[Key] = []
        for group in self.groups.values():
            if group.parent is None or group.parent not in self.groups:
                self.roots.append(group.key)
            else:
                self.children[group.parent].append(group.key)
        self.total = {}
        for key in self.post_order():
            self.total[key] = self.groups[key].count + sum(self.total[c] for c in self.children[key])

    def post_order(self) -> list[Key]:
        order, stack = [], [(root, False) for root in reversed(self.roots)]
        while stack:
            key, expanded = stack.pop()
            if expanded:
                order.append(key)
            else:
                stack.append((key, True))
                stack.extend((child, False) for child in reversed(self.children[key]))
        return order

    def maximal_shown_below(self, key: Key, shown: set) -> list[Key]:
        """The shown units below `key` that have no shown unit between them and `key`."""
        found, stack = [], list(self.children[key])
        while stack:
            child = stack.pop()
            if child in shown:
                found.append(child)
            else:
                stack.extend(self.children[child])
        return found

    def atom(self, key: Key, shown: set) -> int:
        return self.total[key] - sum(self.total[v] for v in self.maximal_shown_below(key, shown))


def suppress(groups: Iterable[Group], *, minimum: int, candidates: set | None = None) -> set:
    """The keys of the units whose aggregates may be shown.

    `candidates` limits what may be shown at all (e.g. the units shown under a smaller
    minimum, so that figures with different minimums stay nested and safe together).
    """
    tree = Tree(groups)
    shown = {key for key, total in tree.total.items() if total >= minimum and (candidates is None or key in candidates)}
    for key in tree.post_order():
        if key not in shown:
            continue
        while key in shown:
            atom = tree.atom(key, shown)
            if atom == 0 or atom >= minimum:
                break
            below = tree.maximal_shown_below(key, shown)
            fillers = [v for v in below if tree.atom(v, shown) + atom >= minimum]
            if fillers:
                # Hide the smallest unit whose own respondents fill the gap.
                shown.discard(min(fillers, key=lambda v: (tree.atom(v, shown), tree.total[v], str(v))))
            else:
                # No single unit below fills it: hide this one; its respondents join the
                # parent's atom, which is checked when the parent's turn comes.
                shown.discard(key)
    return shown


def atoms(groups: Iterable[Group], shown: set) -> dict[Key, int]:
    """The finest derivable group sizes for a shown set (for tests and explanations)."""
    tree = Tree(groups)
    return {key: tree.atom(key, shown) for key in shown}


def is_safe(groups: Iterable[Group], shown: set, *, minimum: int) -> bool:
    groups = list(groups)
    return all(size == 0 or size >= minimum for size in atoms(groups, shown).values())
