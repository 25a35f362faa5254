from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import pick


class StepKind(models.TextChoices):
    OUTREACH = "outreach", _("Contact by a peer supporter")
    GROUP_MEETING = "group_meeting", _("Group meeting")
    CHECK_IN = "check_in", _("Check-in")
    SCREENING = "screening", _("Self-check questionnaire")
    REFERRAL = "referral", _("Consider a referral")


class MeetingKind(models.TextChoices):
    DEBRIEFING = "debriefing", _("Debriefing, led by a psychologist")
    DEFUSING = "defusing", _("Defusing, a short group talk")


class IncidentType(models.TextChoices):
    TRAFFIC = "traffic", _("Serious traffic accident")
    CHILDREN = "children", _("Incident involving children")
    LIFE_IN_DANGER = "life_in_danger", _("Officer's life in danger")
    FORCE = "force", _("Use of force or firearm")
    DEATH = "death", _("Death or suicide")
    VIOLENCE = "violence", _("Violence or threats against staff")
    OTHER = "other", _("Other")


class FollowUpProtocol(models.Model):
    """A published follow-up protocol as data: its steps and their timings.

    The portal ships presets and does not take sides between them; the organisation
    chooses one per incident type, and every plan shows which one it runs.
    """

    code = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    names = models.JSONField(_("name in each language"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, help_text="{'en': ..., 'nl': ..., 'da': ...}")
    source = models.CharField(_("source"), max_length=300, blank=True)
    preset = models.BooleanField(default=False)
    # The kind of group meeting the protocol calls for: proposed when one is scheduled. Most
    # advise against psychological debriefing; Danish police practice requires it.
    group_meeting = models.CharField(
        _("group meeting"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.DEFUSING
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("follow-up protocol")
        verbose_name_plural = _("follow-up protocols")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick(self.names) or self.name

    @property
    def description_text(self) -> str:
        return pick(self.description)


class ProtocolStep(models.Model):
    protocol = models.ForeignKey(FollowUpProtocol, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    # Hours after the event. Whole days are counted on the local calendar, so "3 days"
    # stays at the same time of day across a daylight-saving change.
    offset_hours = models.PositiveIntegerField(_("due after (hours)"))
    # How long after its due time a step may wait before it counts as overdue.
    window_hours = models.PositiveIntegerField(_("may wait (hours)"), default=24)
    label = models.JSONField(default=dict)
    instrument = models.CharField(max_length=40, blank=True, help_text="Self-test code for a screening step.")

    class Meta:
        ordering = ["protocol", "order"]
        unique_together = [("protocol", "order")]

    def __str__(self):
        return f"{self.protocol.code} {self.order} {self.kind}"

    @property
    def label_text(self) -> str:
        return pick(self.label) or self.get_kind_display()


class ProtocolChoice(models.Model):
    """Which protocol an organisation runs for an incident type."""

    organisation = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    incident_type = models.CharField(max_length=30, choices=IncidentType.choices)
    protocol = models.ForeignKey(FollowUpProtocol, on_delete=models.PROTECT, related_name="+")

    class Meta:
        unique_together = [("organisation", "incident_type")]

    def __str__(self):
        return f"{self.organisation_id} {self.incident_type} -> {self.protocol_id}"


class ProtocolChoiceChange(models.Model):
    """Who changed which protocol runs (or a protocol's timings), from what to what:
    shown on the settings page. A timing change has no incident type."""

    organisation = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    incident_type = models.CharField(max_length=30, choices=IncidentType.choices, blank=True)
    old_protocol = models.CharField(max_length=300, blank=True)
    new_protocol = models.CharField(max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.incident_type}: {self.old_protocol} -> {self.new_protocol}"
