"""Whose organisation an editor may open: a wellbeing officer their own, an administrator any."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import OrganisationUnit

from .models import Organisation
from .selectors import organisation_of, root_path
from .services import organisation_ensure

EDIT_ANY = "organisations.change_organisation"
EDIT_OWN = "accounts.manage_wellbeing"


def may_edit_any(user) -> bool:
    return user.has_perm(EDIT_ANY)


def may_edit_own(user) -> bool:
    return user.has_perm(EDIT_OWN) or may_edit_any(user)


def organisation_for_editor(user, pk=None) -> Organisation:
    """The organisation `user` may edit: `pk` if given and theirs (or they may edit any), else
    their own (created from the defaults if their tree has none yet). Someone else's: 404."""
    if not may_edit_own(user):
        raise PermissionDenied
    if pk not in (None, ""):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        organisation = Organisation.objects.select_related("root").filter(pk=pk).first()
        if organisation is None:
            raise Http404
        if may_edit_any(user):
            return organisation
        own = organisation_of(user)
        if own.pk != organisation.pk:
            raise Http404
        return organisation
    own = organisation_of(user)
    if own.pk is not None:
        # The form edits what is stored now, not the cached copy the pages show.
        return Organisation.objects.select_related("root").get(pk=own.pk)
    if user.unit_id is None:
        if may_edit_any(user):
            first = Organisation.objects.select_related("root").order_by("pk").first()
            if first is not None:
                return first
        raise Http404
    return organisation_ensure(root=OrganisationUnit.objects.get(path=root_path(user.unit)))
