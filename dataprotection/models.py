from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 1000
DECLINE_REASON_MAX_LENGTH = 1000


class ErasureRequest(models.Model):
    """A person asked for their personal data to be erased (GDPR art. 17).

    The wellbeing officer or the data protection officer carries it out (each app's
    `erase_for`) or declines it with a reason. The outcome, what was removed and what is kept
    and why, is stored as the sentences the person read, in their language.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting to be handled")
        DONE = "done", _("Carried out")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="erasure_requests"
    )
    reason = models.TextField(_("reason (optional)"), blank=True, max_length=REASON_MAX_LENGTH)
    close_account = models.BooleanField(_("also close my account"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("asked at"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    decline_reason = models.TextField(_("why it was declined"), blank=True, max_length=DECLINE_REASON_MAX_LENGTH)
    removed = models.JSONField(default=list, blank=True)
    kept = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="open"), name="dataprotection_one_open_request"
            )
        ]
        permissions = [("handle_data_requests", "Can handle requests to erase personal data")]

    def __str__(self):
        return f"{_('Erasure request')} {self.pk}"
