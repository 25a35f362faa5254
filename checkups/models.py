"""Check-ups: psychologists' availability, appointment types, slots, bookings, deployments.

Times are stored in UTC. Weekly availability windows are wall-clock times in the
psychologist's own time zone and are materialised into `Slot` rows for the weeks
ahead, so a daylight-saving change moves the UTC time and never the local one.
"""

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Weekday
from core.crypto import EncryptedTextField
from core.i18n import localised

# Limits of what people type, used by the model field, the form and the service alike
# (docs/conventions.md, Limits); the templates read them from the form.
NOTE_MAX_LENGTH = 500  # the person's note for the psychologist
SESSION_NOTE_MAX_LENGTH = 4000  # the psychologist's own note on a talk
ALIAS_MAX_LENGTH = 40  # what the psychologist calls someone in an open consultation
DESCRIPTION_MAX_LENGTH = 1000  # an appointment type's description: a short text on the booking pages
DESTINATION_MAX_LENGTH = 120  # where a deployment is
PHONE_MAX_LENGTH = 40  # a phone number as people type it (spaces, dashes, a country code)
# How long one appointment (or one appointment of a weekly time) may be, in minutes.
TALK_MINUTES_MIN, TALK_MINUTES_MAX = 15, 240

LANGUAGE_NAMES = {
    "en": _("English"),
    "nl": _("Dutch"),
    "da": _("Danish"),
    "de": _("German"),
    "kl": _("Greenlandic"),
    "fr": _("French"),
    "ar": _("Arabic"),
    "tr": _("Turkish"),
}


def within_change_deadline(starts_at: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Whether a time is so close that people can no longer move or cancel it themselves
    (CHECKUPS_CANCEL_CUTOFF_HOURS before it starts): then they call."""
    now = now or timezone.now()
    return now >= starts_at - dt.timedelta(hours=settings.CHECKUPS_CANCEL_CUTOFF_HOURS)


class Mode(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")


class Location(models.Model):
    """A place where psychologists receive people in person."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AppointmentType(models.Model):
    """What an employee can book: names and descriptions in every portal language, as data."""

    class BookableBy(models.TextChoices):
        EVERYONE = "everyone", _("All staff")
        UNITS = "units", _("Staff of the chosen units")
        DEPLOYED = "deployed", _("Staff with a registered deployment")
        REFERRAL = "referral", _("Only by referral or follow-up")

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_da = models.CharField(_("name (Danish)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    description_nl = models.TextField(_("description (Dutch)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    description_da = models.TextField(_("description (Danish)"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    bookable_by = models.CharField(
        _("who may book"), max_length=20, choices=BookableBy.choices, default=BookableBy.EVERYONE
    )
    units = models.ManyToManyField(
        "accounts.OrganisationUnit",
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Only used when staff of the chosen units may book: these units and everything below them."),
    )
    allows_open_consultation = models.BooleanField(
        _("open consultation"),
        default=False,
        help_text=_("May be booked without giving a name: the psychologist sees only a chosen alias."),
    )
    is_deployment_talk = models.BooleanField(_("deployment talk"), default=False)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("appointment type")
        verbose_name_plural = _("appointment types")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")


class Psychologist(models.Model):
    """The care-provider profile of a user with the psychologist role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="psychologist"
    )
    # Comma-separated language codes wrapped in commas (",en,nl,"), so "speaks Dutch" is one
    # indexed-free LIKE that works on SQLite and PostgreSQL alike.
    languages = models.CharField(_("languages"), max_length=100, default=",en,")
    locations = models.ManyToManyField(Location, verbose_name=_("locations"), blank=True, related_name="psychologists")
    offers_video = models.BooleanField(_("offers video calls"), default=True)
    offers_phone = models.BooleanField(_("offers phone calls"), default=True)
    offers_in_person = models.BooleanField(_("offers talks in person"), default=True)
    video_link = models.URLField(_("video link"), blank=True, help_text=_("The room employees join for video calls."))
    phone = models.CharField(
        _("phone for appointments"),
        max_length=PHONE_MAX_LENGTH,
        blank=True,
        help_text=_("Shown to employees who need to change an appointment at short notice."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("psychologist")
        verbose_name_plural = _("psychologists")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @language_codes.setter
    def language_codes(self, codes):
        self.languages = "," + ",".join(sorted({c.strip().lower() for c in codes if c.strip()})) + ","

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.language_codes]

    @property
    def tzinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def phone_for_changes(self) -> str:
        """Whom to call to move or cancel an appointment at short notice: them, or the team."""
        return self.phone or settings.CHECKUPS_CONTACT_PHONE

    @property
    def modes(self) -> list[str]:
        return [
            mode
            for mode, offered in (
                (Mode.VIDEO, self.offers_video),
                (Mode.PHONE, self.offers_phone),
                (Mode.IN_PERSON, self.offers_in_person),
            )
            if offered
        ]


class AvailabilityWindow(models.Model):
    """Every week on `weekday`, from `start_time` to `end_time` (the psychologist's local time)."""

    Weekday = Weekday

    psychologist = models.ForeignKey(
        Psychologist, verbose_name=_("psychologist"), on_delete=models.CASCADE, related_name="windows"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=60)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appointment_types = models.ManyToManyField(
        AppointmentType, verbose_name=_("appointment types"), related_name="windows"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="checkups_window_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(mode="in_person") | Q(location__isnull=False),
                name="checkups_window_in_person_has_location",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """Days a psychologist is away (holiday, sick): no slots, and booked talks are moved."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        SICK = "sick", _("Sick")
        OTHER = "other", _("Other")

    psychologist = models.ForeignKey(
        Psychologist, verbose_name=_("psychologist"), on_delete=models.CASCADE, related_name="exceptions"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    kind = models.CharField(_("reason"), max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="checkups_exception_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.start_date} - {self.end_date}"


class Slot(models.Model):
    """One bookable time of one psychologist, made from a window for the weeks ahead."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CANCELLED = "cancelled", _("Cancelled")

    psychologist = models.ForeignKey(
        Psychologist, verbose_name=_("psychologist"), on_delete=models.CASCADE, related_name="slots"
    )
    window = models.ForeignKey(
        AvailabilityWindow,
        verbose_name=_("window"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appointment_types = models.ManyToManyField(
        AppointmentType, verbose_name=_("appointment types"), related_name="slots"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Kept for one person for a while: a wait-list offer or a replacement after an absence.
    held_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["psychologist", "starts_at"], name="checkups_slot_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="checkups_slot_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="checkups_slot_open_start_idx")]

    def __str__(self):
        return f"{self.psychologist_id} {self.starts_at:%Y-%m-%d %H:%M}"

    def is_held_against(self, user, now) -> bool:
        return bool(self.held_until and self.held_until > now and self.held_for_id != getattr(user, "pk", None))


class Booking(models.Model):
    """An appointment. `employee` is empty for an open consultation, which keeps only an alias.

    The database keeps it honest: one active booking per slot (a partial unique index, on
    every database) and, on PostgreSQL, no two active bookings of one psychologist at
    overlapping times (an exclusion constraint added in migration 0002).
    """

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelledBy(models.TextChoices):
        EMPLOYEE = "employee", _("The employee")
        PSYCHOLOGIST = "psychologist", _("The psychologist")
        RESCHEDULED = "rescheduled", _("Moved to another time")

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before the deployment")
        DURING = "during", _("During the deployment")
        AFTER = "after", _("After the deployment")

    ACTIVE_STATUSES = (Status.BOOKED, Status.COMPLETED, Status.NO_SHOW)

    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings")
    psychologist = models.ForeignKey(
        Psychologist, verbose_name=_("psychologist"), on_delete=models.PROTECT, related_name="bookings"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, verbose_name=_("appointment type"), on_delete=models.PROTECT, related_name="bookings"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkup_bookings",
    )
    alias = models.CharField(_("alias"), max_length=ALIAS_MAX_LENGTH, blank=True)
    manage_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    manage_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(
        _("note for the psychologist"), blank=True, max_length=NOTE_MAX_LENGTH, keys_setting="CHECKUPS_NOTE_KEYS"
    )
    # For a talk by phone: the number the psychologist calls, in E.164. Encrypted like the
    # note, shown only to the person and to the psychologist who calls; never in e-mails,
    # calendar files or the admin.
    call_number = EncryptedTextField(_("number to call"), blank=True, keys_setting="CHECKUPS_NOTE_KEYS")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    cancelled_by = models.CharField(_("cancelled by"), max_length=20, choices=CancelledBy.choices, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The calendar identity: a moved appointment keeps its UID and gets a higher SEQUENCE.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    sequence = models.PositiveIntegerField(default=0)
    rescheduled_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_to"
    )
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deployment = models.ForeignKey(
        "Deployment", on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    deployment_phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        permissions = [
            ("book_appointment", "Can book check-ups for oneself"),
            ("book_for_others", "Can book a check-up on an employee's behalf (referral)"),
            ("work_agenda", "Can keep an agenda of check-ups as a psychologist"),
            ("manage_checkups", "Can manage appointment types, deployments and check-up figures"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=~Q(status="cancelled"), name="checkups_one_active_booking_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(employee__isnull=False) | ~Q(alias=""), name="checkups_booking_has_person_or_alias"
            ),
        ]
        indexes = [
            models.Index(fields=["psychologist", "starts_at"], name="checkups_booking_psych_idx"),
            models.Index(fields=["employee", "starts_at"], name="checkups_booking_employee_idx"),
        ]

    def __str__(self):
        return f"{_('Appointment')} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def is_open_consultation(self) -> bool:
        return self.employee_id is None

    @property
    def who(self) -> str:
        """How the psychologist sees the person: name, or the alias of an open consultation."""
        if self.employee_id is None:
            return self.alias
        return self.employee.get_full_name() or self.employee.email

    def can_be_changed_by_employee(self, now=None) -> bool:
        return self.status == self.Status.BOOKED and not within_change_deadline(self.starts_at, now)


class SessionNote(models.Model):
    """A psychologist's short note on a talk: encrypted, and readable by its author alone."""

    booking = models.ForeignKey(Booking, verbose_name=_("appointment"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    text = EncryptedTextField(_("note"), max_length=SESSION_NOTE_MAX_LENGTH, keys_setting="CHECKUPS_NOTE_KEYS")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["created_at"]

    def __str__(self):
        return f"{_('Note')} {self.pk}"


class WaitListEntry(models.Model):
    """Someone who found nothing free in the next two weeks and wants the first slot that opens."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        BOOKED = "booked", _("Booked")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="checkup_waits"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, verbose_name=_("appointment type"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices, blank=True)
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("wait-list entry")
        verbose_name_plural = _("wait-list entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "appointment_type"],
                condition=Q(status="waiting"),
                name="checkups_one_wait_per_type",
            )
        ]

    def __str__(self):
        return f"{_('Wait-list entry')} {self.pk}"


class WaitListOffer(models.Model):
    """A freed slot held for one wait-list entry until `expires_at`; then it goes to the next."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entry = models.ForeignKey(WaitListEntry, on_delete=models.CASCADE, related_name="offers")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="wait_offers")
    offered_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "slot"], name="checkups_offer_once_per_slot")]

    def __str__(self):
        return f"{_('Offer')} {self.pk}"


class Deployment(models.Model):
    """A posting away from home (e.g. service in Greenland), with talks before, during and after."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="deployments"
    )
    destination = models.CharField(_("where"), max_length=DESTINATION_MAX_LENGTH)
    time_zone = models.CharField(_("time zone there"), max_length=64, default="America/Nuuk")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="checkups_deployment_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.destination} {self.starts_on} - {self.ends_on}"
