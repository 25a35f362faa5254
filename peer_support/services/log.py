"""The private incident log: only its owner reads or changes it, so no audit is needed.

Deleting one entry hides it at once and may be undone for `LOG_UNDO_MINUTES`; the daily
retention rule then erases it for good (`retention.deleted_log_entries_erase`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models.log import LOG_UNDO_WINDOW, IncidentLogEntry
from . import text_check


def log_entry_save(*, owner, entry: IncidentLogEntry | None = None, **fields) -> IncidentLogEntry:
    entry = entry or IncidentLogEntry(owner=owner)
    if entry.owner_id != owner.pk:
        raise PermissionError("not the owner")
    text_check(
        model=IncidentLogEntry,
        what_happened=fields.get("what_happened") or "",
        how_it_affected_me=fields.get("how_it_affected_me") or "",
    )
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    return entry


def log_entry_delete(*, owner, entry: IncidentLogEntry, now=None) -> IncidentLogEntry:
    """Hide the entry now; it can be restored until its undo time has passed."""
    if entry.owner_id != owner.pk:
        raise PermissionError("not the owner")
    entry.deleted_at = now or timezone.now()
    entry.save(update_fields=["deleted_at"])
    return entry


def log_entry_restore(*, owner, entry: IncidentLogEntry, now=None) -> IncidentLogEntry:
    now = now or timezone.now()
    if entry.owner_id != owner.pk:
        raise PermissionError("not the owner")
    if entry.deleted_at is None:
        return entry
    if entry.deleted_at + LOG_UNDO_WINDOW < now:
        raise DomainError(_("This entry can no longer be brought back."))
    entry.deleted_at = None
    entry.save(update_fields=["deleted_at"])
    return entry


@transaction.atomic
def log_delete_all(*, owner) -> int:
    # Everything, including entries deleted a moment ago and still waiting for their undo time.
    deleted, _ = IncidentLogEntry.all_objects.filter(owner=owner).delete()
    return deleted
