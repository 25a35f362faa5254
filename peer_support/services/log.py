"""The private incident log: only its owner reads or changes it, so no audit is needed."""

from django.db import transaction

from ..models import IncidentLogEntry
from . import text_check


def log_entry_save(*, owner, entry: IncidentLogEntry | None = None, **fields) -> IncidentLogEntry:
    entry = entry or IncidentLogEntry(owner=owner)
    if entry.owner_id != owner.pk:
        raise PermissionError("not the owner")
    text_check(
        IncidentLogEntry,
        what_happened=fields.get("what_happened") or "",
        how_it_affected_me=fields.get("how_it_affected_me") or "",
    )
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    return entry


def log_entry_delete(*, owner, entry: IncidentLogEntry) -> None:
    if entry.owner_id != owner.pk:
        raise PermissionError("not the owner")
    entry.delete()


@transaction.atomic
def log_delete_all(*, owner) -> int:
    deleted, _ = IncidentLogEntry.objects.filter(owner=owner).delete()
    return deleted
