import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..crypto import PeerSupportEncryptedTextField as EncryptedTextField
from .protocols import IncidentType

# Room for a long evening's writing, not for a file: a few pages of text.
LOG_TEXT_MAX_LENGTH = 5000
# How long an entry its owner deleted may still be brought back, before retention erases it.
LOG_UNDO_MINUTES = 10
LOG_UNDO_WINDOW = dt.timedelta(minutes=LOG_UNDO_MINUTES)


class LiveLogEntries(models.Manager):
    """Entries not deleted: what every page shows. A deleted entry waits, unseen, for its
    undo time to pass and is then erased by the retention rule (`retention.py`)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class AllLogEntries(models.Manager):
    """Deleted entries too: for the undo, deleting a whole log and the retention rule."""


class IncidentLogEntry(models.Model):
    """One line of an employee's private incident log. Only its owner ever sees it.

    Entries made from a registered incident copy its date and type, so the log stays
    the person's own: it survives the incident's retention and they may delete it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incident_log")
    incident = models.ForeignKey(
        "peer_support.CriticalIncident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurred_on = models.DateField(_("date"))
    incident_type = models.CharField(_("type"), max_length=30, choices=IncidentType.choices)
    what_happened = EncryptedTextField(_("what happened"), blank=True, max_length=LOG_TEXT_MAX_LENGTH)
    how_it_affected_me = EncryptedTextField(_("how it affected me"), blank=True, max_length=LOG_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the owner deletes it: hidden at once, restorable for a few minutes, erased within a day.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveLogEntries()
    all_objects = AllLogEntries()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("incident log entry")
        verbose_name_plural = _("incident log entries")
        unique_together = [("owner", "incident")]

    def __str__(self):
        return f"log {self.pk} of {self.owner_id}"
