"""The minimum group and minimum-difference rule, on hand-made and on random trees."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.anonymity import Group, Tree, atoms, is_safe, suppress

K = 5


def derivable_by_two(groups, shown):
    """Every group size a reader gets from one shown count or by subtracting one shown count
    from another that contains it. (Subtracting disjoint counts names no group of people.)"""
    tree = Tree(groups)

    def contains(outer, inner):
        parent = tree.groups[inner].parent
        while parent is not None:
            if parent == outer:
                return True
            parent = tree.groups[parent].parent if parent in tree.groups else None
        return False

    sizes = {tree.total[key] for key in shown}
    for a, b in itertools.permutations(shown, 2):
        if contains(a, b):
            sizes.add(tree.total[a] - tree.total[b])
    return sizes


def test_a_group_below_the_minimum_is_hidden():
    groups = [Group("unit", None, 4)]
    assert suppress(groups, minimum=K) == set()
    assert suppress([Group("unit", None, 5)], minimum=K) == {"unit"}


def test_the_classic_attack_12_beside_6_and_5_is_stopped():
    # A unit of 12 respondents: 1 reported in the unit itself, 6 and 5 in its two teams.
    groups = [Group("unit", None, 1), Group("team-a", "unit", 6), Group("team-b", "unit", 5)]
    shown = suppress(groups, minimum=K)
    assert "unit" in shown  # the bigger picture stays
    assert len(shown & {"team-a", "team-b"}) == 1  # one team hidden with it
    assert is_safe(groups, shown, minimum=K)
    assert all(d == 0 or d >= K for d in derivable_by_two(groups, shown))


def test_a_hidden_small_sibling_cannot_be_found_by_subtraction():
    # District 20 = teams 8 + 9 + 3: the team of 3 is hidden, so one more must go.
    groups = [
        Group("district", None, 0),
        Group("t1", "district", 8),
        Group("t2", "district", 9),
        Group("t3", "district", 3),
    ]
    shown = suppress(groups, minimum=K)
    assert "t3" not in shown
    assert shown == {"district", "t1"} or shown == {"district", "t2"}
    assert set(atoms(groups, shown).values()) <= {0} | set(range(K, 100))


def test_when_no_unit_below_can_fill_the_gap_the_unit_itself_is_hidden():
    # Region 11 = district 10 (whose teams 5 + 5 are shown) + 1 directly in the region.
    groups = [
        Group("region", None, 1),
        Group("district", "region", 0),
        Group("ta", "district", 5),
        Group("tb", "district", 5),
    ]
    shown = suppress(groups, minimum=K)
    assert is_safe(groups, shown, minimum=K)
    assert {"ta", "tb"} <= shown or "region" in shown


def test_a_larger_minimum_can_be_kept_inside_the_smaller_one():
    groups = [Group("unit", None, 0), Group("a", "unit", 7), Group("b", "unit", 12)]
    scales = suppress(groups, minimum=5)
    health = suppress(groups, minimum=10, candidates=scales)
    assert health <= scales
    assert is_safe(groups, scales | health, minimum=5)
    assert is_safe(groups, health, minimum=10)


def test_a_reader_who_sees_only_part_of_a_safe_set_is_safe_too():
    groups = [
        Group("org", None, 0),
        Group("north", "org", 2),
        Group("n1", "north", 6),
        Group("n2", "north", 7),
        Group("south", "org", 0),
        Group("s1", "south", 9),
        Group("s2", "south", 3),
    ]
    shown = suppress(groups, minimum=K)
    for size in range(len(shown) + 1):
        for subset in itertools.combinations(sorted(shown), size):
            assert is_safe(groups, set(subset), minimum=K)


@st.composite
def trees(draw):
    size = draw(st.integers(min_value=1, max_value=25))
    groups = [Group(0, None, draw(st.integers(0, 15)))]
    for key in range(1, size):
        parent = draw(st.integers(min_value=0, max_value=key - 1))
        groups.append(Group(key, parent, draw(st.integers(0, 15))))
    return groups


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=2, max_value=10))
def test_no_derivable_group_is_ever_between_1_and_the_minimum_minus_one(groups, minimum):
    shown = suppress(groups, minimum=minimum)
    assert is_safe(groups, shown, minimum=minimum)
    for difference in derivable_by_two(groups, shown):
        assert difference == 0 or difference >= minimum


@settings(max_examples=200, deadline=None)
@given(trees())
def test_suppression_hides_nothing_it_does_not_need_to_when_all_atoms_are_large(groups):
    tree = Tree(groups)
    everything = {key for key, total in tree.total.items() if total >= K}
    if is_safe(groups, everything, minimum=K):
        assert suppress(groups, minimum=K) == everything
