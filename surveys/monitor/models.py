"""Monitor data: campaigns, who took part, anonymous responses, stored results, measures.

Unlinkability (privacy invariant 2) is built into the shape of these tables, and into
the order of the transactions that write them (see docs/privacy.md for the whole threat
model, a database administrator included):

- `Participation` says that a person was invited and where they report (their report
  unit, shared by at least the minimum group of people). It never changes after launch
  and says nothing about answering.
- `Draft` holds one person's unfinished answers, encrypted, in a table of its own: it is
  deleted on submit and that table is vacuumed, so no row version with a user and answers
  outlives the holding window.
- `Submission` says that a person has answered, and exists only while the campaign is
  open (one response per person; no reminders for those who answered). It is deleted
  at close, so who answered cannot be listed afterwards.
- `HeldResponse` / `HeldComment` receive the answers and the comment, encrypted and with
  no user, in the same transaction as the submission (nothing lost, nothing twice). For
  that holding window a database administrator could line the rows up by transaction id;
  `services.held_move` ends it: answers move only in batches of at least the minimum
  group of the same report unit (comments: the health minimum), all at close.
- `Response` and `Comment` rows have random keys and no timestamp or sequence, only the
  campaign and a unit. At close each is coarsened to the unit at which its figures are
  published, so no stored unit holds fewer than the minimum group of responses.
- `UnitResult` and `ScaleResult` are computed once at close through `privacy.py`;
  figures that may not be shown are stored as NULL with the reason, never as numbers.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.crypto import EncryptedTextField
from core.i18n import pick
from organisations.selectors import organisation_of_unit_id

from ..anonymity import MIN_GROUP_FLOOR, MIN_GROUP_HEALTH_FLOOR
from .dates import at_local, local_today

__all__ = [
    "Campaign",
    "Comment",
    "Draft",
    "HeldComment",
    "HeldResponse",
    "Measure",
    "Participation",
    "Response",
    "ScaleResult",
    "Submission",
    "UnitResult",
]

DRAFT_KEYS = "MONITOR_DRAFT_KEYS"

# Limits (docs/conventions.md): one number each, used by the model, the form and the service.
COMMENT_MAX_LENGTH = 2000
MEASURE_ACTION_MAX_LENGTH = 2000
MEASURE_OWNER_MAX_LENGTH = 200
# Campaign dates: any real campaign fits, and the invitations and retention computed from
# them stay within the calendar (a campaign closing on 9999-12-31 overflowed at launch).
CAMPAIGN_DATE_SPAN = dt.timedelta(days=2 * 365)
# Due dates any real plan fits in; the reminder arithmetic overflows near 9999-12-31.
MEASURE_EARLIEST_DUE = dt.date(2000, 1, 1)
MEASURE_DUE_SPAN = dt.timedelta(days=5 * 365)
MEASURE_DUE_OUT_OF_RANGE = _("Choose a due date between %(earliest)s and %(latest)s.")


def campaign_date_limits(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a campaign may open or close on."""
    today = today or local_today()
    return today - CAMPAIGN_DATE_SPAN, today + CAMPAIGN_DATE_SPAN


def measure_due_limits(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a measure may be due on."""
    return MEASURE_EARLIEST_DUE, (today or local_today()) + MEASURE_DUE_SPAN


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # Confirmed by the officer; a task is inviting everyone (then: open). Nobody is
        # invited yet, so no page of the employees and no scan but the launch's sees it.
        LAUNCHING = "launching", _("Preparing invitations")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # The name in each language of the portal; the reader sees their own, else another one.
    name = models.CharField(_("name in English"), max_length=200, blank=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=200, blank=True)
    name_da = models.CharField(_("name in Danish"), max_length=200, blank=True)
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
        validators=[MinValueValidator(MIN_GROUP_FLOOR), MaxValueValidator(50)],
    )
    min_group_health = models.PositiveSmallIntegerField(
        _("minimum group for health figures and comments"),
        default=10,
        validators=[MinValueValidator(MIN_GROUP_HEALTH_FLOOR), MaxValueValidator(100)],
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
        return self.title

    def name_in(self, language: str | None = None) -> str:
        """The name in `language` (default: the reader's), else in English, Dutch or Danish,
        whichever is filled in (`core.i18n.pick`; the English name is the field `name`)."""
        return pick({"en": self.name, "nl": self.name_nl, "da": self.name_da}, language)

    @property
    def title(self) -> str:
        """The campaign's name in the reader's language (the active one)."""
        return self.name_in()

    @property
    def is_launching(self) -> bool:
        return self.status == self.Status.LAUNCHING

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_answerable(self, now: dt.datetime | None = None) -> bool:
        """Open, and today lies between the opening and the closing day."""
        return self.is_open and self.opens_on <= local_today(now) <= self.closes_on

    def invitations_due_at(self, now: dt.datetime | None = None) -> dt.datetime:
        """When a launch now sends the invitations: at once, or at 08:00 on the opening day
        in the organisation's time zone."""
        return max(now or timezone.now(), at_local(self.opens_on, 8, self.tzinfo))

    @property
    def tzinfo(self):
        """The time zone of the organisation whose units the campaign invites (its first unit's):
        invitations, reminders and closing follow that organisation's days."""
        if not hasattr(self, "_tzinfo"):
            first_unit = self.units.order_by("pk").values_list("pk", flat=True).first() if self.pk else None
            self._tzinfo = organisation_of_unit_id(first_unit).tzinfo if first_unit else None
        return self._tzinfo

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Participation(models.Model):
    """That a person was invited, and the unit they report at (`report_unit`; NULL for
    the whole population of a campaign with several top units). Written at launch and
    never changed: it says nothing about whether or when the person answered."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitor_participations")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="monitor_one_participation_per_person")
        ]
        indexes = [models.Index(fields=["campaign", "report_unit"], name="monitor_part_campaign_unit_idx")]

    def __str__(self):
        return f"{self.campaign_id}:{self.user_id}"


class Draft(models.Model):
    """One person's unfinished answers (encrypted), for pause and resume. Only that person's
    pages read it; deleted on submit and at close, in a table vacuumed after each move."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answers = EncryptedTextField(blank=True, keys_setting=DRAFT_KEYS)  # JSON: item key -> value
    comment = EncryptedTextField(blank=True, keys_setting=DRAFT_KEYS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="monitor_one_draft_per_person")]

    def __str__(self):
        return f"{self.campaign_id}:{self.user_id}"


class Submission(models.Model):
    """That a person has answered an open campaign: what the one-response rule and the
    reminders need, and nothing more. Deleted (and vacuumed) at close. A random key, so
    that not even the key gives the order in which people answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="monitor_one_submission_per_person")]

    def __str__(self):
        return f"{self.campaign_id}:{self.user_id}"


class HeldResponse(models.Model):
    """Answers waiting to be moved (encrypted, no user; see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, null=True, related_name="+")
    answers = EncryptedTextField(keys_setting=DRAFT_KEYS)  # JSON

    def __str__(self):
        return str(self.pk)


class HeldComment(models.Model):
    """A comment waiting to be moved, apart from the answers of the same person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, null=True, related_name="+")
    text = EncryptedTextField(keys_setting=DRAFT_KEYS)

    def __str__(self):
        return str(self.pk)


class Response(models.Model):
    """One anonymous response: a random key, the campaign, a unit that at least the minimum
    group of responses share (NULL: the whole population). Nothing else that could order
    it or tie it to a person (no timestamp, no sequence)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, null=True, related_name="+")
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
    report_unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.TextField()

    class Meta:
        # The dashboards read a unit's comments by campaign and unit (and below it).
        indexes = [models.Index(fields=["campaign", "report_unit"], name="monitor_comm_campaign_unit_idx")]

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
    action = models.TextField(_("what will be done"), max_length=MEASURE_ACTION_MAX_LENGTH)
    owner = models.CharField(
        _("owner"), max_length=MEASURE_OWNER_MAX_LENGTH, help_text=_("Who makes sure it happens (a name or a role).")
    )
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
