"""Creating organisations for the trees that have none, and changing one with its history."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import OrganisationUnit
from core.audit import audit_record

from .models import Organisation, OrganisationChange
from .selectors import organisation_from_defaults

# What the history and the audit log record: every field an officer can change.
EDITABLE_FIELDS = [
    "name_en",
    "name_nl",
    "name_da",
    "country",
    "time_zone",
    "languages",
    "emergency_number",
    "emergency_name",
    "non_emergency_number",
    "non_emergency_name",
    "crisis_line_number",
    "crisis_line_name_en",
    "crisis_line_name_nl",
    "crisis_line_name_da",
    "peer_support_phone",
    "escalate_urgent_minutes",
    "escalate_normal_hours",
    "alert_ack_minutes",
    "first_contact_hours",
    "default_protocol",
    "selftest_min_group",
    "monitor_min_group",
    "monitor_min_group_health",
    "sms_sender",
]


def organisation_ensure(*, root: OrganisationUnit, **overrides) -> Organisation:
    """The organisation of a root unit, created from the settings defaults if it has none.
    `overrides` apply only when it is created: an existing organisation is never changed here."""
    existing = Organisation.objects.filter(root=root).first()
    if existing is not None:
        return existing
    organisation = organisation_from_defaults(root)
    for field, value in overrides.items():
        setattr(organisation, field, value)
    organisation.save()
    return organisation


def organisations_ensure_all(*, using: str = "default") -> int:
    """An organisation for every root unit that has none (after every migrate). Returns how many."""
    created = 0
    roots = OrganisationUnit.objects.using(using).filter(depth=1).filter(organisation__isnull=True)
    for root in roots:
        organisation = organisation_from_defaults(root)
        organisation.save(using=using)
        created += 1
    return created


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


@transaction.atomic
def organisation_update(*, organisation: Organisation, values: dict, by, now: dt.datetime | None = None) -> int:
    """Change the given fields (already validated by the form); one history row per field that
    changed and one audit entry. Returns how many fields changed."""
    now = now or timezone.now()
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = []
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        old, new = getattr(organisation, field), values[field]
        if old == new:
            continue
        setattr(organisation, field, new)
        changes.append(
            OrganisationChange(
                organisation=organisation,
                changed_at=now,
                changed_by=by if getattr(by, "is_authenticated", False) else None,
                field=field,
                old_value=_shown(old),
                new_value=_shown(new),
            )
        )
    if changes:
        organisation.full_clean()
        organisation.save(update_fields=[change.field for change in changes])
        OrganisationChange.objects.bulk_create(changes)
        audit_record(actor=by, action="organisations.organisation.change", obj=organisation)
    return len(changes)
