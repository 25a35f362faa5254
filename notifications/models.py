import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .keys import KEY_LENGTH, opaque_key, opaque_key_prefix

# Retries wait 1, 2, 4, 8, then 15 minutes at most: short enough that messages follow soon
# after a server comes back, long enough not to hammer it while it is down.
BACKOFF_MAX_MINUTES = 15


def channel_key(key: str, channel: str) -> str:
    """The readable key of a message on a channel: e-mail keeps the caller's key (as before
    there were channels); other channels add `:<channel>`, which keeps every prefix."""
    return key if channel == "email" else f"{key}:{channel}"


class OutboxMessageQuerySet(models.QuerySet):
    """Find rows by the readable key their callers wrote, which the table does not hold."""

    def with_key(self, key: str, channel: str = "email"):
        return self.filter(key=opaque_key(channel_key(key, channel)))

    def with_key_prefix(self, prefix: str):
        return self.filter(key__startswith=opaque_key_prefix(prefix))


class OutboxMessage(models.Model):
    """A message due at a time on one channel: the database is the source of truth for what
    is scheduled. One row per message and channel (an e-mail, a text message, an alert on
    the person's own portal page), all claimed, leased and retried by the same rules.

    `key` is unique and deterministic, so scanning or scheduling twice creates nothing
    twice. Callers write readable keys (e.g. `appointment:42:reminder-24h:<start>`); the
    column holds their opaque form (`keys.py`), which says nothing of the kind of message.
    Find rows with `OutboxMessage.objects.with_key(...)` or `.with_key_prefix(...)`. The
    context holds only ids and neutral values; templates never put sensitive words in a
    subject or body.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")
        PORTAL = "portal", _("Portal alert")

    key = models.CharField(_("idempotency key"), max_length=KEY_LENGTH, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
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

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="outbox_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
            # Urgent rows are claimed first, then by due time (`messages_claim`).
            models.Index(
                models.F("urgent").desc(),
                "due_at",
                name="outbox_pending_urgent_due_idx",
                condition=models.Q(status="pending"),
            ),
            # Read at each Prometheus scrape (core/metrics.py): failed rows by channel, last send.
            models.Index(fields=["channel"], name="outbox_failed_channel_idx", condition=models.Q(status="failed")),
            models.Index(fields=["sent_at"], name="outbox_sent_at_idx", condition=models.Q(status="sent")),
        ]

    def __str__(self):
        # Shown in the admin's titles and logs: the id only, never who or what.
        return f"#{self.pk}"

    def backoff(self) -> dt.timedelta:
        """Wait before the next try: 1, 2, 4, 8 minutes, then every BACKOFF_MAX_MINUTES. With the
        default `OUTBOX_MAX_ATTEMPTS` a message is given up on after about three hours of tries,
        so a mail server down for an hour fails nothing."""
        return dt.timedelta(minutes=min(BACKOFF_MAX_MINUTES, 2 ** max(0, self.attempts - 1)))


class ChannelOutage(models.Model):
    """A channel that cannot be reached (the mail server or the SMS gateway is down).

    While it lasts, no worker claims that channel's messages: only the first message in
    order (urgent first, then by due time) tries again when the outage ends, so the queue
    keeps its order and nobody hammers a server that is down. Its `until` is that message's
    next attempt, with the message's back-off; a send that goes through ends the outage.
    In the database, not the broker, so a flushed Redis forgets nothing.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=OutboxMessage.Channel.choices, unique=True)
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"))
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("channel outage")
        verbose_name_plural = _("channel outages")

    def __str__(self):
        return self.channel
