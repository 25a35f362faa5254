"""Which units' overview a reader may open. One place; not yours (or unknown): 404.

The door (`@permission_required("accounts.view_unit_aggregates")`) lets managers and the
wellbeing officer in. Here:
- the wellbeing officer (`accounts.manage_wellbeing`) opens any unit of their organisation,
  and the organisation as a whole (its top unit), where the page starts;
- a manager opens the units they manage and the units below them, starting at the first
  unit they manage; a manager of nothing opens nothing.
"""

from dataclasses import dataclass

from django.http import Http404

from accounts.models import OrganisationUnit
from organisations.selectors import organisation_of, root_path


@dataclass(frozen=True)
class OverviewScope:
    unit: OrganisationUnit  # the unit the page is about (with everything below it)
    choices: list  # the units the reader may choose, in tree order
    is_officer: bool
    is_whole: bool  # the organisation's top unit, for the officer

    @property
    def paths(self) -> list[str]:
        return [self.unit.path]


def is_officer(user) -> bool:
    return user.has_perm("accounts.manage_wellbeing")


def _officer_root(user) -> OrganisationUnit | None:
    """The top unit of the officer's organisation (the tree their own unit is in)."""
    if user.unit_id is not None:
        return OrganisationUnit.objects.filter(path=root_path(user.unit)).first()
    organisation = organisation_of(user)
    return organisation.root if organisation.root_id else None


def overview_units_for_user(user) -> list[OrganisationUnit]:
    """The units this reader may open, in tree order (one or two queries)."""
    if is_officer(user):
        root = _officer_root(user)
        if root is None:
            return []
        return list(OrganisationUnit.objects.filter(path__startswith=root.path).order_by("path"))
    tops = list(user.managed_units.all())
    if not tops:
        return []
    query = OrganisationUnit.objects.none()
    for top in tops:
        query |= OrganisationUnit.objects.filter(path__startswith=top.path)
    return list(query.distinct().order_by("path"))


def overview_scope_for_user(user, unit_key: str | None) -> OverviewScope:
    """The unit asked for (`unit_key` an id; empty for where the reader starts) if this
    reader may open it, else 404."""
    choices = overview_units_for_user(user)
    if not choices:
        raise Http404
    officer = is_officer(user)
    if not unit_key:
        unit = choices[0]
    else:
        try:
            wanted = int(unit_key)
        except (TypeError, ValueError):
            raise Http404 from None
        unit = next((u for u in choices if u.pk == wanted), None)
        if unit is None:
            raise Http404
    return OverviewScope(unit=unit, choices=choices, is_officer=officer, is_whole=officer and unit.depth == 1)
