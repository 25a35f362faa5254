"""Regions: the peer support team of a region helps everyone working in it.

A user's region is the unit of kind "region" at or above their unit; a user above any
region (at national level) belongs to the root, whose coordinators see those requests.
"""

from django.contrib.auth import get_user_model

from accounts.models import OrganisationUnit
from accounts.roles import Role


def _ancestor_paths(unit: OrganisationUnit) -> list[str]:
    step = OrganisationUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]


def region_of(unit: OrganisationUnit | None) -> OrganisationUnit | None:
    """The region at or above `unit` (one query), else the root of its tree."""
    if unit is None:
        return None
    units = list(OrganisationUnit.objects.filter(path__in=_ancestor_paths(unit)).order_by("-depth"))
    for candidate in units:
        if candidate.kind == OrganisationUnit.Kind.REGION:
            return candidate
    return units[-1] if units else unit


def regions_of_units(unit_ids) -> dict:
    """`region_of` for many units at once, in two queries: {unit id: region (or None)}."""
    units = list(OrganisationUnit.objects.filter(pk__in=[pk for pk in unit_ids if pk is not None]))
    paths = {path for unit in units for path in _ancestor_paths(unit)}
    by_path = {ancestor.path: ancestor for ancestor in OrganisationUnit.objects.filter(path__in=paths)} if paths else {}
    regions = {}
    for unit in units:
        ancestors = [by_path[path] for path in reversed(_ancestor_paths(unit)) if path in by_path]
        regions[unit.pk] = next(
            (candidate for candidate in ancestors if candidate.kind == OrganisationUnit.Kind.REGION),
            ancestors[-1] if ancestors else unit,
        )
    return regions


def region_of_user(user) -> OrganisationUnit | None:
    if not hasattr(user, "_peer_support_region"):
        user._peer_support_region = region_of(user.unit)
    return user._peer_support_region


def next_region(region: OrganisationUnit) -> OrganisationUnit | None:
    """The region that backs `region` up: the next one in tree order, wrapping round, in the
    same organisation (tree) only: another organisation's team never sees the request."""
    root_path = region.path[: OrganisationUnit.steplen]
    regions = list(
        OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.REGION, path__startswith=root_path).order_by("path")
    )
    others = [r for r in regions if r.pk != region.pk]
    if not others:
        return None
    later = [r for r in others if r.path > region.path]
    return (later or others)[0]


def users_with_role_in(region: OrganisationUnit, role: str):
    User = get_user_model()
    return User.objects.in_subtree(region).filter(groups__name=str(role), is_active=True).distinct()


def coordinators_of(region: OrganisationUnit | None):
    if region is None:
        return get_user_model().objects.none()
    return users_with_role_in(region, Role.COORDINATOR)


def supporters_of(region: OrganisationUnit | None):
    if region is None:
        return get_user_model().objects.none()
    return users_with_role_in(region, Role.PEER_SUPPORTER)
