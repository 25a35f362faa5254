"""Courses, their sessions, who enrols, who completed, and what each role must take.

Times are stored aware (UTC) with the session's own time zone beside them, so a session in
Copenhagen reads "10:00 Europe/Copenhagen" for a reader in Amsterdam too.
"""

import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.i18n import localised

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 4000
AUDIENCE_MAX_LENGTH = 300
PLACE_MAX_LENGTH = 300
CONTACT_MAX_LENGTH = 200
CAPACITY_MAX = 500
DURATION_MAX_MINUTES = 3 * 24 * 60
# Cancelling online is possible until this many hours before the start, unless a course says otherwise.
CANCEL_HOURS_DEFAULT = 48
CANCEL_HOURS_MAX = 30 * 24
RENEWAL_MONTHS_MAX = 120


class Course(models.Model):
    class Delivery(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH)
    title_nl = models.CharField(_("title (Dutch)"), max_length=TITLE_MAX_LENGTH, blank=True)
    title_da = models.CharField(_("title (Danish)"), max_length=TITLE_MAX_LENGTH, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_da = models.TextField(_("description (Danish)"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    audience_en = models.CharField(_("for whom (English)"), max_length=AUDIENCE_MAX_LENGTH, blank=True)
    audience_nl = models.CharField(_("for whom (Dutch)"), max_length=AUDIENCE_MAX_LENGTH, blank=True)
    audience_da = models.CharField(_("for whom (Danish)"), max_length=AUDIENCE_MAX_LENGTH, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=180)
    delivery = models.CharField(
        _("online or on site"), max_length=10, choices=Delivery.choices, default=Delivery.ON_SITE
    )
    cancel_hours = models.PositiveIntegerField(
        _("cancel online until (hours before the start)"), default=CANCEL_HOURS_DEFAULT
    )
    contact = models.CharField(
        _("whom to contact for changes"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        help_text=_("Shown when it is too late to cancel online, e.g. an e-mail address or a phone number."),
    )
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_en"]
        permissions = [
            ("enrol_training", "Can enrol in trainings"),
            ("give_training", "Can give trainings and mark attendance"),
            ("manage_trainings", "Can manage trainings and required courses"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def audience(self) -> str:
        return localised(self, "audience")


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # The calendar event's identity: the same for the life of the session; every change raises the sequence.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_ends_after"),
        ]

    def __str__(self):
        return f"{self.course} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.tzinfo)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Enrolment(models.Model):
    """One person on one session: a seat, a place on the wait list, or a seat offered to them."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("On the wait list")
        OFFERED = "offered", _("A place is offered")
        PASSED = "passed", _("Offer not taken")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")

    # Statuses that hold (or may soon hold) a seat of the session.
    SEATED = (Status.ENROLLED, Status.ATTENDED, Status.ABSENT)
    ACTIVE = (Status.ENROLLED, Status.WAITING, Status.OFFERED, Status.ATTENDED, Status.ABSENT)

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="training_enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(_("created at"))
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live place per person and session (a second click or a race adds nothing).
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["enrolled", "waiting", "offered", "attended", "absent"]),
                name="training_one_live_enrolment",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="training_enrolment_status_idx")]

    def __str__(self):
        return f"#{self.pk}"


class Completion(models.Model):
    """That a person completed a course on a day. Kept when the session is deleted.

    `unit` is where the person worked when they completed it: voluntary programmes are counted
    per unit by it, so a figure once shown never moves when someone changes unit. A person who
    erases their data is detached (`user` empty) from a voluntary completion: the counts keep it,
    nothing links it to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_completions",
    )
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("unit at completion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="completions")
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "completed_on"], name="training_one_completion_a_day"),
        ]

    def __str__(self):
        return f"#{self.pk}"


class Requirement(models.Model):
    """A course that everyone of a role must take, once or again every `renewal_months`."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="requirements")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    renewal_months = models.PositiveSmallIntegerField(
        _("renew every (months)"), null=True, blank=True, help_text=_("Empty: once is enough.")
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")
        ordering = ["course", "role"]
        constraints = [models.UniqueConstraint(fields=["course", "role"], name="training_one_requirement_per_role")]

    def __str__(self):
        return f"{self.course} / {self.role}"
