import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An e-mail due at a time: the database is the source of truth for what is scheduled.

    `key` is unique and deterministic (e.g. `appointment:42:reminder-24h:<start>`), so
    scanning or scheduling twice creates nothing twice. The context holds only ids and
    neutral values; templates never put sensitive words in a subject or body.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    # Only for recipients without an account (e.g. an external support person).
    to_email = models.EmailField(_("to e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False, help_text=_("Urgent messages ignore quiet hours."))
    due_at = models.DateTimeField(_("due at"))
    not_after = models.DateTimeField(_("not after"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="outbox_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return self.key

    def backoff(self) -> dt.timedelta:
        """Wait before the next try: 1, 2, 4, 8 ... minutes, at most an hour."""
        return dt.timedelta(minutes=min(60, 2 ** max(0, self.attempts - 1)))
