from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupporterDuty(models.Model):
    """Whether a peer supporter is on duty: new requests are announced to who is on duty."""

    supporter = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_duty")
    on_duty = models.BooleanField(_("on duty"), default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supporter availability")
        verbose_name_plural = _("supporter availability")

    def __str__(self):
        return f"{self.supporter_id}: {'on' if self.on_duty else 'off'} duty"
