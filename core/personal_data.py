"""Everything the portal holds about one person: each app's part, for export and erasure
(GDPR articles 15, 17 and 20).

The convention: an app that holds personal data has a module `<app>.personal_data` with

- `export_for(user) -> dict`: what it holds about `user`, JSON-ready (strings, numbers,
  booleans, None, lists and dicts of them), keyed by labels in the reader's language;
- `erase_for(user) -> list[str]`: removes what no duty keeps and returns sentences for the
  person, one per kind of record. A sentence that says what is kept, and why, is a `Kept`
  (a `str`), so the outcome page lists it under "kept"; a plain `str` is something removed.

They are found by app (`personal_data_modules`), so a new app is covered by writing the
module. A module may name its section with `TITLE`. This module is core's own part too:
the access log about the person.
"""

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext, gettext_lazy, ngettext


class Kept(str):
    """A line of `erase_for`'s answer that says what is kept and why."""


@dataclass
class Section:
    app_label: str
    title: str
    data: dict


def personal_data_modules() -> list[tuple[str, object]]:
    """(app label, module) for every installed app with a `personal_data` module."""
    found = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "personal_data"):
            found.append((app_config.label, import_module(f"{app_config.name}.personal_data")))
    return found


def _title(app_label: str, module) -> str:
    """The module's `TITLE` (a lazy translation) if it has one, else the app's name."""
    return str(getattr(module, "TITLE", None) or apps.get_app_config(app_label).verbose_name)


def personal_data_export(*, user) -> list[Section]:
    sections = []
    for app_label, module in personal_data_modules():
        data = module.export_for(user)
        if data:
            sections.append(Section(app_label=app_label, title=_title(app_label, module), data=data))
    return sections


def personal_data_erase(*, user) -> tuple[list[str], list[str]]:
    """Run every app's `erase_for`; (what was removed, what is kept and why), as sentences."""
    removed: list[str] = []
    kept: list[str] = []
    for _app_label, module in personal_data_modules():
        for line in module.erase_for(user):
            (kept if isinstance(line, Kept) else removed).append(str(line))
    return removed, kept


def when(value: dt.datetime | dt.date | None) -> str | None:
    """A moment for an export: ISO 8601, in the portal's local time."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


# --- core's own part: the access log --------------------------------------------------------

TITLE = gettext_lazy("Access log")


def export_for(user) -> dict:
    from .audit import audit_entries_for_person

    lines = audit_entries_for_person(person=user, limit=10_000)
    return {
        gettext("Who looked at or changed your records"): [
            {
                gettext("When"): when(line.at),
                gettext("Who"): str(line.actor) if line.actor is not None else gettext("The portal itself"),
                gettext("What"): line.what,
            }
            for line in lines
        ]
    }


def erase_for(user) -> list[str]:
    from django.conf import settings

    from .models import AuditEntry

    count = AuditEntry.objects.filter(subject=user).count()
    if not count:
        return []
    return [
        Kept(
            ngettext(
                "The access log (%(count)d entry about you) is kept for %(days)d days and then deleted: "
                "it lets you and the data protection officer check who opened your records, "
                "and nobody can change or remove it.",
                "The access log (%(count)d entries about you) is kept for %(days)d days and then deleted: "
                "it lets you and the data protection officer check who opened your records, "
                "and nobody can change or remove it.",
                count,
            )
            % {"count": count, "days": settings.RETENTION_AUDIT_DAYS}
        )
    ]
