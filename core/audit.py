from django.db import models

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
