"""Which organisation's numbers, times and limits apply: to a unit, a person, a page.

Every reader gets an `Organisation`: the saved one of the tree, or (before one exists, as
in a fresh database or a test) an unsaved one filled from the settings defaults, so callers
never need a second code path.
"""

import hashlib

from django.utils import translation

from accounts.models import OrganisationUnit
from core.caching import cached, forget

from .defaults import organisation_defaults
from .models import Organisation

# The anonymous reader's choice: an organisation's id, nothing personal.
COOKIE_NAME = "portal_organisation"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Every page shows its reader's organisation (the numbers in the header and footer), and the
# organisations change a few times a year: they are held in the shared cache rather than read
# from the database on every page. A save or delete through the ORM (the settings page, the
# admin, migrate) drops them at once and again after its commit (`organisations_forget`, connected
# in apps.py); a change by any other way is read within CACHE_SECONDS. Pages that edit an
# organisation read it from the database (`access.organisation_for_editor`).
# The key names the model's columns (a hash of them): after a deploy that adds one, no process reads rows pickled
# without it.
CACHE_KEY = (
    "organisations:all:"
    + hashlib.sha256(" ".join(f.attname for f in Organisation._meta.concrete_fields).encode()).hexdigest()[:16]
)
CACHE_SECONDS = 60


def organisation_from_defaults(root: OrganisationUnit | None = None) -> Organisation:
    """An unsaved organisation with the settings defaults (for a tree that has none yet)."""
    name = root.name if root is not None else ""
    organisation = Organisation(name_en=name, name_nl=name, name_da=name, **organisation_defaults())
    if root is not None:
        organisation.root = root
    return organisation


def root_path(unit: OrganisationUnit) -> str:
    return unit.path[: OrganisationUnit.steplen]


def organisations_all() -> list[Organisation]:
    """Every organisation, by id (from the cache; the database when the cache has none)."""
    return cached(CACHE_KEY, CACHE_SECONDS, lambda: list(Organisation.objects.select_related("root").order_by("pk")))


def organisations_forget(**kwargs) -> None:
    """An organisation saved or deleted: drop the cached ones."""
    forget(CACHE_KEY)


def organisations_forget_root(instance, **kwargs) -> None:
    """A tree's root saved or deleted: the cached organisations hold their root (a unit lower in a
    tree is not in them)."""
    if instance.depth == 1:
        organisations_forget()


def _organisation_of_root_path(path: str) -> Organisation | None:
    return next((o for o in organisations_all() if o.root.path == path), None)


def organisation_first() -> Organisation:
    """The only (or first) organisation; the defaults when there is none."""
    organisations = organisations_all()
    return organisations[0] if organisations else organisation_from_defaults()


def organisation_of_unit(unit: OrganisationUnit | None) -> Organisation:
    """The organisation of the tree `unit` is in; the defaults if it has none yet."""
    if unit is None:
        return organisation_first()
    # Kept on the unit object: a page or a scan asks for the same region's organisation often.
    if getattr(unit, "_organisation", None) is None:
        unit._organisation = _organisation_of_root_path(root_path(unit)) or organisation_from_defaults()
    return unit._organisation


def organisation_of_unit_id(unit_id: int | None) -> Organisation:
    """As `organisation_of_unit`, from a unit's id (one query: the unit's place in the tree)."""
    if unit_id is None:
        return organisation_first()
    path = OrganisationUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    found = _organisation_of_root_path(path[: OrganisationUnit.steplen]) if path else None
    return found or organisation_from_defaults()


def organisation_of(user) -> Organisation:
    """The organisation of a person's unit, kept on the user object for the rest of the request."""
    if not hasattr(user, "_organisation"):
        if user is None or not getattr(user, "is_authenticated", False):
            return organisation_first()
        if "unit" in user._state.fields_cache:
            user._organisation = organisation_of_unit(user.unit)
        else:
            user._organisation = organisation_of_unit_id(user.unit_id)
    return user._organisation


def organisation_chosen(request, organisations: list[Organisation]) -> Organisation | None:
    """The organisation an anonymous reader chose (the cookie), if it still exists."""
    value = request.COOKIES.get(COOKIE_NAME, "")
    if not value.isdigit():
        return None
    return next((o for o in organisations if o.pk == int(value)), None)


def organisation_for_request(request) -> Organisation:
    """Logged in: the person's organisation. Anonymous: the one chosen in the cookie, else the
    first whose own language is the one the page is read in (a visitor reading Danish sees the
    Danish numbers), else the first one; with none in the database, the settings defaults."""
    if hasattr(request, "_organisation"):
        return request._organisation
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        organisation = organisation_of(user)
    else:
        organisations = organisations_for_chooser(request)
        organisation = (
            organisation_chosen(request, organisations)
            or _organisation_of_language(organisations, translation.get_language())
            or (organisations[0] if organisations else organisation_from_defaults())
        )
    request._organisation = organisation
    return organisation


def _organisation_of_language(organisations: list[Organisation], language: str | None) -> Organisation | None:
    language = (language or "")[:2]
    return next((o for o in organisations if o.languages and o.languages[0] == language), None)


def organisations_for_chooser(request) -> list[Organisation]:
    """Every organisation, read once per request (there are a handful)."""
    if not hasattr(request, "_organisations"):
        request._organisations = organisations_all()
    return request._organisations


# The minimum groups as read for an organisation. A stored organisation is never below the floors
# (its fields' validators, and `effective_*` once more); the settings defaults are read as the
# deployment configured them, as before organisations were data, and the monitor's floors apply
# to them too (`surveys.monitor.selectors.campaign_defaults`).
def selftest_min_group(organisation: Organisation) -> int:
    return organisation.effective_selftest_min_group if organisation.pk else organisation.selftest_min_group


def monitor_min_group_health(organisation: Organisation) -> int:
    if organisation.pk:
        return organisation.effective_monitor_min_group_health
    return organisation.monitor_min_group_health
