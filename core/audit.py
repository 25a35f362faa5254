"""The access log: one function writes it, each app names its actions, the person reads it.

Every view or change of someone else's private record, and every list that shows a person's
name next to their private records, writes an entry about that person through
`audit_record` (one record) or `audit_record_many` (a list page). The person sees every
entry about them, from every app, in their own words (`audit_entries_for_person`).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext

from .models import AuditEntry


def audit_record(*, actor, action: str, obj: models.Model, subject=None) -> AuditEntry:
    """Write one audit row: `actor` did `action` on `obj`, which is about `subject`.

    The one function through which every view or change of someone else's private
    record is logged.
    """
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        subject=subject,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
    )


def audit_record_many(*, actor, action: str, shown: Iterable[tuple[models.Model, object]]) -> list[AuditEntry]:
    """A list page showed `actor` these (record, person) pairs: one entry per person.

    One row per person, not per record, so that a week's agenda with three of someone's
    appointments is one line in their log (it names the first record shown). Rows about
    the actor themselves are left out. One INSERT, however long the list.
    """
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    first_record: dict[int, models.Model] = {}
    for obj, subject in shown:
        subject_id = getattr(subject, "pk", subject)
        if subject_id is None or subject_id == actor_id or subject_id in first_record:
            continue
        first_record[subject_id] = obj
    entries = [
        AuditEntry(
            actor_id=actor_id,
            subject_id=subject_id,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
        )
        for subject_id, obj in first_record.items()
    ]
    return AuditEntry.objects.bulk_create(entries) if entries else []


# --- What the person reads --------------------------------------------------------------

_ACTION_LABELS: dict[str, str] = {}


def audit_actions_register(labels: dict[str, str]) -> None:
    """Each app names its actions in the person's words (lazy translations), in `ready()`."""
    _ACTION_LABELS.update(labels)


def audit_action_label(action: str) -> str:
    label = _ACTION_LABELS.get(action)
    # An action nobody named is still shown, never hidden: the promise is "every entry".
    return str(label) if label is not None else gettext("looked at or changed one of your records")


@dataclass
class AccessLine:
    at: dt.datetime
    actor: object  # a user, or None when their account is gone
    what: str


def audit_entries_for_person(*, person, limit: int = 200) -> list[AccessLine]:
    """Every entry about `person`, newest first, in words; one event is one line.

    Entries that repeat the same action by the same person on the same record within the
    same minute (a page reloaded, a form sent twice) are shown once.
    """
    lines: list[AccessLine] = []
    previous = None
    entries = AuditEntry.objects.filter(subject=person).select_related("actor").order_by("-at", "-pk")
    for entry in entries[: limit * 2]:
        minute = entry.at.replace(second=0, microsecond=0)
        key = (entry.actor_id, entry.action, entry.object_type, entry.object_id, minute)
        if key == previous:
            continue
        previous = key
        lines.append(AccessLine(at=entry.at, actor=entry.actor, what=audit_action_label(entry.action)))
        if len(lines) == limit:
            break
    return lines
