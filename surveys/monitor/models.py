"""Monitor data: campaigns, who took part, anonymous responses, stored results, measures.

Unlinkability (privacy invariant 2) is built into the shape of these tables:

- `Participation` names a person (for one response per person, reminders and response
  rates) and holds their unfinished answers (`draft`) until they submit or the campaign
  closes. It has no timestamp of when they answered.
- `HeldResponse` receives the answers, with no user, in the same transaction that marks
  the participation done (so nothing is lost or counted twice). For a while (the holding
  window, see docs/privacy.md) a database administrator could line the two rows up by
  transaction id; `services.held_move` ends that window.
- `Response` and `Comment` rows are written by `held_move` only: in batches of at least
  the minimum group, in random order, in one transaction, with random keys and no
  timestamp. They carry only the campaign and the report unit, both shared by at least
  the minimum number of people.
- `UnitResult` and `ScaleResult` are computed once at close through `privacy.py`;
  figures that may not be shown are stored as NULL with the reason, never as numbers.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit

__all__ = ["Campaign", "Comment", "HeldResponse", "Measure", "Participation", "Response", "ScaleResult", "UnitResult"]


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    parts = models.JSONField(
        _("questionnaire parts"), default=list, help_text=_("Keys of the questionnaire files, in order.")
    )
    free_text = models.BooleanField(
        _("ask for an optional comment"),
        default=True,
        help_text=_(
            "Comments are shown only for groups of at least the health minimum, shuffled and apart from scores."
        ),
    )
    units = models.ManyToManyField(
        OrganisationUnit,
        verbose_name=_("population"),
        related_name="monitor_campaigns",
        help_text=_("Everyone in these units and below them is invited."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    reminder_dates = models.JSONField(_("reminder dates"), default=list, blank=True)
    reminders_done = models.JSONField(default=list, blank=True, editable=False)
    min_group = models.PositiveSmallIntegerField(
        _("minimum group for work-environment figures"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
    )
    min_group_health = models.PositiveSmallIntegerField(
        _("minimum group for health figures and comments"),
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A frozen copy of the questionnaire files at launch, so results never change with a file.
    questionnaire = models.JSONField(_("questionnaire at launch"), default=dict, blank=True, editable=False)
    population_size = models.PositiveIntegerField(_("people invited"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitor campaign")
        verbose_name_plural = _("monitor campaigns")
        ordering = ["-closes_on", "-id"]
        permissions = [("manage_campaigns", _("Can run monitor campaigns and see all results"))]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Participation(models.Model):
    """That a person was invited and whether they have answered. Never what they answered
    (except their own unfinished draft, deleted on submit and at close)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitor_participations")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    responded = models.BooleanField(default=False)
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="monitor_one_participation_per_person")
        ]
        indexes = [models.Index(fields=["campaign", "report_unit"], name="monitor_part_campaign_unit_idx")]

    def __str__(self):
        return f"{self.campaign_id}:{self.user_id}"


class HeldResponse(models.Model):
    """Answers waiting to be moved (no user; see the module docstring for why they wait)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    comment = models.TextField(blank=True)

    def __str__(self):
        return str(self.pk)


class Response(models.Model):
    """One anonymous response: a random key, the campaign, the report unit. Nothing else
    that could order it or tie it to a person (no timestamp, no sequence)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)  # scale key -> 0-100, only scales with enough items answered

    class Meta:
        indexes = [models.Index(fields=["campaign", "report_unit"], name="monitor_resp_campaign_unit_idx")]

    def __str__(self):
        return str(self.pk)


class Comment(models.Model):
    """A free-text comment, stored apart from the scores of the same response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    def __str__(self):
        return str(self.pk)


class UnitResult(models.Model):
    """What may be shown about one unit (and everything below it) after close.
    `unit` is NULL for the whole population of the campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_results")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, null=True, related_name="+")
    parent = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, null=True, related_name="+")
    path = models.CharField(max_length=255, blank=True)  # the unit's tree path at close, "" for the whole
    name = models.CharField(max_length=200)
    shown = models.BooleanField(default=False)
    health_shown = models.BooleanField(default=False)
    respondents = models.PositiveIntegerField(null=True)
    response_rate = models.FloatField(null=True)
    hidden_reason = models.CharField(max_length=30, blank=True)
    rate_hidden_reason = models.CharField(max_length=30, blank=True)
    health_hidden_reason = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="monitor_one_result_per_unit"),
            models.UniqueConstraint(
                fields=["campaign"], condition=models.Q(unit__isnull=True), name="monitor_one_whole_result"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "parent"], name="monitor_result_parent_idx"),
        ]

    def __str__(self):
        return f"{self.campaign_id}:{self.name}"


class ScaleResult(models.Model):
    unit_result = models.ForeignKey(UnitResult, on_delete=models.CASCADE, related_name="scales")
    scale = models.CharField(max_length=40)
    mean = models.FloatField(null=True)
    green = models.FloatField(null=True)  # share of respondents, 0-100
    amber = models.FloatField(null=True)
    red = models.FloatField(null=True)
    previous_mean = models.FloatField(null=True)
    hidden_reason = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_result", "scale"], name="monitor_one_scale_per_unit")]

    def __str__(self):
        return f"{self.unit_result_id}:{self.scale}"


class Measure(models.Model):
    """An action from a result ("you said, we did"), for one unit."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Stopped")

    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("from the results of"), on_delete=models.SET_NULL, null=True, blank=True
    )
    scale = models.CharField(_("burden or risk"), max_length=40)
    action = models.TextField(_("what will be done"), max_length=2000)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who makes sure it happens (a name or a role)."))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["unit", "status"], name="monitor_measure_unit_idx")]

    def __str__(self):
        return self.action[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


# Register the monitor's demo data and retention rules with the autodiscovery of `surveys`.
from . import demo as _demo  # noqa: E402,F401
from . import navigation as _navigation  # noqa: E402,F401
from . import retention as _retention  # noqa: E402,F401
from . import tasks as _tasks  # noqa: E402,F401  (celery autodiscovers `surveys.tasks` only)
