import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import pick

from ..crypto import PeerSupportEncryptedTextField as EncryptedTextField
from .protocols import IncidentType, MeetingKind, StepKind

__all__ = ["CriticalIncident", "FollowUpPlan", "FollowUpStep", "GroupMeeting", "IncidentType"]

# Limits used by the models, the forms and the services alike.
INCIDENT_DESCRIPTION_MAX_LENGTH = 1000
PLACE_MAX_LENGTH = 200  # where a meeting is held (group meetings, reflection meetings)
# How long a group meeting lasts in the calendar invitation, by kind: a defusing is a short
# talk the same day, a debriefing a longer, structured meeting.
GROUP_MEETING_LENGTH = {
    MeetingKind.DEFUSING: dt.timedelta(hours=1),
    MeetingKind.DEBRIEFING: dt.timedelta(hours=2),
}
# The highest total of the self-check questionnaire (PCL-5: 20 questions, 0 to 4 each).
SHARED_SCORE_MAX = 80


class CriticalIncident(models.Model):
    incident_type = models.CharField(_("type"), max_length=30, choices=IncidentType.choices)
    occurred_at = models.DateTimeField(_("when it happened"))
    unit = models.ForeignKey("accounts.OrganisationUnit", verbose_name=_("unit"), on_delete=models.PROTECT)
    description = EncryptedTextField(
        _("short factual description"), blank=True, max_length=INCIDENT_DESCRIPTION_MAX_LENGTH
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="registered_incidents"
    )
    protocol = models.ForeignKey("peer_support.FollowUpProtocol", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("critical incident")
        verbose_name_plural = _("critical incidents")

    def __str__(self):
        return f"{self.get_incident_type_display()} {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:incident_detail", args=[self.pk])


class FollowUpPlan(models.Model):
    """The follow-up of one person after one incident, from the protocol the organisation chose."""

    # A plan follows an incident (from its protocol) or a request (follow-ups the supporter plans).
    incident = models.ForeignKey(
        CriticalIncident, on_delete=models.CASCADE, null=True, blank=True, related_name="plans"
    )
    request = models.OneToOneField(
        "peer_support.SupportRequest", on_delete=models.CASCADE, null=True, blank=True, related_name="plan"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_up_plans")
    region = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.PROTECT, null=True, related_name="+")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="supported_plans"
    )
    protocol_name = models.CharField(max_length=120, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("incident", "person")]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self):
        return f"plan {self.pk} for {self.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:plan_detail", args=[self.pk])

    @property
    def declined(self) -> bool:
        return self.declined_at is not None


class FollowUpStep(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Not needed")
        CANCELLED = "cancelled", _("Stopped")

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    label = models.JSONField(default=dict)
    instrument = models.CharField(max_length=40, blank=True)
    due_at = models.DateTimeField(_("due"))
    overdue_at = models.DateTimeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up_tasks"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    done_at = models.DateTimeField(null=True, blank=True)
    # Screening: the link went out; the result is the person's, stored only if they share it.
    sent_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    # When the people on duty were alerted that this step is due and nobody owns it.
    duty_alerted_at = models.DateTimeField(null=True, blank=True)
    shared_score = models.PositiveSmallIntegerField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_at", "order"]
        indexes = [models.Index(fields=["state", "due_at"], name="ps_step_due_idx")]

    def __str__(self):
        return f"step {self.pk} {self.kind} {self.state}"

    @property
    def label_text(self) -> str:
        return pick(self.label) or self.get_kind_display()

    def is_overdue(self, now=None) -> bool:
        return self.state == self.State.PLANNED and (now or timezone.now()) > self.overdue_at

    @property
    def key_prefix(self) -> str:
        return f"ps:step:{self.pk}:"


class GroupMeeting(models.Model):
    """A debriefing or defusing for the people involved in one incident. No minutes are kept.

    Planned, then moved (each change raises `sequence`, so calendar programs update the one
    event with the stable `uid`), cancelled or marked held by its leader. Only a meeting held
    completes the group meeting step of the participants' plans."""

    Kind = MeetingKind

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    incident = models.ForeignKey(CriticalIncident, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("led by"), on_delete=models.PROTECT)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The calendar event's identity for the meeting's whole life, and its version.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["leader", "status", "starts_at"], name="ps_meeting_leader_idx")]

    def __str__(self):
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("peer_support:meeting_detail", args=[self.pk])

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + GROUP_MEETING_LENGTH.get(self.kind, dt.timedelta(hours=1))

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def title(self) -> str:
        return pick({"en": "Meeting", "nl": "Bijeenkomst", "da": "Møde"})
