"""An organisation tree and its people, in bulk.

Adding 1,700 units one `add_child` at a time costs several queries each (treebeard keeps the
materialised path, the depth and the parent's `numchild`); here the paths are computed in
Python and every unit of a tree is written with one `bulk_create`. Used by `seed_scale` and
`bench_monitor`.
"""

from accounts.models import OrganisationUnit

# One team per this many employees: a Dutch police base team has about 43 people.
TEAM_SIZE = 43


def _step(number: int) -> str:
    key = OrganisationUnit._int2str(number)
    return OrganisationUnit.alphabet[0] * (OrganisationUnit.steplen - len(key)) + key


def tree_create(spec) -> list[OrganisationUnit]:
    """Write a new root and everything below it; `spec` is (name, code, kind, children), children
    the same tuples. Returns the units in depth-first order, saved (with their primary keys).

    Siblings get their path in the order of their names, as treebeard's `node_order_by` would."""
    last_root = OrganisationUnit.objects.get_last_root_node()
    root_number = OrganisationUnit._str2int(last_root.path[: OrganisationUnit.steplen]) + 1 if last_root else 1
    units = []

    def visit(node, path, depth):
        name, code, kind, children = node
        ordered = sorted(children, key=lambda child: child[0])
        units.append(OrganisationUnit(name=name, code=code, kind=kind, path=path, depth=depth, numchild=len(ordered)))
        for number, child in enumerate(ordered, start=1):
            visit(child, path + _step(number), depth + 1)

    visit(spec, _step(root_number), 1)
    return OrganisationUnit.objects.bulk_create(units, batch_size=5000)


def tree_spec(*, name: str, code: str, employees: int, regions: int | None = None, labels=None) -> tuple:
    """The tree of a national organisation of `employees` people: about one team per
    `TEAM_SIZE` employees, in regions of about ten teams per district.

    `labels(kind, r, d, t)` names a unit (default "Region 1", "District 1.2", "Team 1.2.3");
    codes are `code`-r0-d1-t2 style, unique per tree."""
    labels = labels or _default_label
    teams_wanted = max(3, round(employees / TEAM_SIZE))
    if regions is None:
        regions = 10 if teams_wanted >= 100 else 2
    districts_per_region = max(1, round(teams_wanted / regions / 10))
    count = 0
    region_nodes = []
    for r in range(regions):
        district_nodes = []
        for d in range(districts_per_region):
            per = max(1, round((teams_wanted - count) / max(1, (regions - r) * districts_per_region - d)))
            team_nodes = [
                (labels("team", r, d, t), f"{code}-{r}-{d}-{t}", OrganisationUnit.Kind.TEAM, []) for t in range(per)
            ]
            count += per
            district_nodes.append(
                (labels("district", r, d, None), f"{code}-r{r}-d{d}", OrganisationUnit.Kind.DISTRICT, team_nodes)
            )
        region_nodes.append(
            (labels("region", r, None, None), f"{code}-r{r}", OrganisationUnit.Kind.REGION, district_nodes)
        )
    return (name, code, OrganisationUnit.Kind.NATIONAL, region_nodes)


def _default_label(kind, r, d, t):
    if kind == "region":
        return f"Region {r + 1}"
    if kind == "district":
        return f"District {r + 1}.{d + 1}"
    return f"Team {r + 1}.{d + 1}.{t + 1}"


def team_sizes(rng, teams: list, employees: int) -> list[int]:
    """How many people each team gets, `employees` in all: mostly 20-70, about one team in
    twenty smaller than the minimum group (3-4 people), whose figures roll up to the district."""
    if not teams:
        return []
    weights = [rng.choice([3, 4] if rng.random() < 0.05 else range(20, 70)) for _ in teams]
    total = sum(weights)
    sizes = [max(1, round(w * employees / total)) for w in weights]
    sizes[-1] += employees - sum(sizes)
    # Rounding may leave the last team short (or negative) on tiny trees: take from the largest.
    while sizes[-1] < 1 and max(sizes[:-1], default=0) > 1:
        largest = sizes.index(max(sizes[:-1]))
        sizes[largest] -= 1
        sizes[-1] += 1
    return [max(size, 0) for size in sizes]
