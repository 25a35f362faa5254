from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who looked at or changed whose private record, and when.

    `subject` is the person the record is about: they may ask to see every entry
    that names them. Entries hold no content of the record, only what was done.

    Append-only: no code path changes or deletes an entry except the retention rule
    (`core.retention`), and on PostgreSQL a trigger refuses every other UPDATE, DELETE
    and TRUNCATE (migration 0002). So an account that ever acted or was acted upon cannot
    be deleted while its entries live (PROTECT): accounts are closed, not deleted.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries_about_me",
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "-at"], name="audit_subject_at_idx")]
        permissions = [("view_audit_log", "Can read the whole audit log")]

    def __str__(self):
        # The title of the admin's change page: no actor, subject or object id (see core/admin.py).
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"
