from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupporterDuty(models.Model):
    """Whether a peer supporter is on duty (new requests are announced to who is on duty), and
    whether they are trained to lead group meetings."""

    supporter = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_duty")
    on_duty = models.BooleanField(_("on duty"), default=True)
    # Trained to lead a group meeting after an incident (a defusing or debriefing): set by the
    # region's coordinator on the coordination page. Psychologists may always lead one.
    leads_group_meetings = models.BooleanField(_("leads group meetings"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supporter availability")
        verbose_name_plural = _("supporter availability")

    def __str__(self):
        return f"{self.supporter_id}: {'on' if self.on_duty else 'off'} duty"
