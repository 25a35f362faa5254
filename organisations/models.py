"""An organisation: the root of a unit tree, with the numbers, times and limits of its own.

Everything the portal used to read from one deployment-wide setting (the emergency numbers in
the header, escalation times, the default follow-up protocol, minimum groups) is read from the
reader's or the record's organisation through `organisations.selectors`; the environment
variables remain the defaults for a new organisation (`organisations.defaults`).
"""

import re
import zoneinfo

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationUnit
from core.i18n import localised
from surveys.anonymity import MIN_GROUP_FLOOR, MIN_GROUP_HEALTH_FLOOR

NAME_MAX_LENGTH = 200
NUMBER_MAX_LENGTH = 32
NUMBER_NAME_MAX_LENGTH = 80
SMS_SENDER_MAX_LENGTH = 11  # the GSM limit of an alphanumeric sender
ESCALATE_URGENT_MINUTES_MAX = 24 * 60
ESCALATE_NORMAL_HOURS_MAX = 14 * 24
ALERT_ACK_MINUTES_MAX = 24 * 60
FIRST_CONTACT_HOURS_MAX = 14 * 24
MIN_GROUP_MAX = 100
# A self-test band is health information: its statistics never go below the health floor.
SELFTEST_MIN_GROUP_FLOOR = MIN_GROUP_HEALTH_FLOOR

# A number to call as people write a service number: digits, spaces, dashes, dots,
# brackets and a leading +; between 3 digits (112, 114) and 15 (E.164's maximum).
_NUMBER_CHARACTERS = re.compile(r"^\+?[0-9(][0-9 ().\-]*$")
_SMS_SENDER = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$")


def validate_service_number(value: str) -> None:
    """A public service number as typed ("112", "0900-8844", "70 10 20 30", "+45 70 201 201")."""
    digits = re.sub(r"\D", "", value or "")
    if not _NUMBER_CHARACTERS.match((value or "").strip()) or not 3 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "Write a number people can call, with digits only (spaces and dashes are fine), "
                "for example 112 or 0900-8844."
            ),
            code="invalid",
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list, for example Europe/Amsterdam."), code="invalid")


def validate_country(value: str) -> None:
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(_("Write the two-letter country code, for example NL or DK."), code="invalid")


def validate_languages(value) -> None:
    offered = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value or any(code not in offered for code in value):
        raise ValidationError(_("Choose at least one of the portal's languages."), code="invalid")


def validate_sms_sender(value: str) -> None:
    if not _SMS_SENDER.match(value or ""):
        raise ValidationError(
            _("At most 11 letters and digits, with at least one letter and no spaces, for example Wellbeing."),
            code="invalid",
        )


class Organisation(models.Model):
    """The settings of one organisation tree (its root unit): public numbers, times, limits."""

    root = models.OneToOneField(
        OrganisationUnit,
        verbose_name=_("organisation tree"),
        on_delete=models.PROTECT,
        related_name="organisation",
        limit_choices_to={"depth": 1},
    )
    name_en = models.CharField(_("name (English)"), max_length=NAME_MAX_LENGTH)
    name_nl = models.CharField(_("name (Dutch)"), max_length=NAME_MAX_LENGTH, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=NAME_MAX_LENGTH, blank=True)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    languages = models.JSONField(
        _("languages offered"), default=list, validators=[validate_languages], help_text=_("The first is the main one.")
    )
    emergency_number = models.CharField(
        _("emergency number"), max_length=NUMBER_MAX_LENGTH, validators=[validate_service_number]
    )
    emergency_name = models.CharField(_("name of the emergency number"), max_length=NUMBER_NAME_MAX_LENGTH, blank=True)
    non_emergency_number = models.CharField(
        _("non-emergency number"), max_length=NUMBER_MAX_LENGTH, validators=[validate_service_number]
    )
    non_emergency_name = models.CharField(
        _("name of the non-emergency number"), max_length=NUMBER_NAME_MAX_LENGTH, blank=True
    )
    crisis_line_number = models.CharField(
        _("crisis line number"), max_length=NUMBER_MAX_LENGTH, blank=True, validators=[validate_service_number]
    )
    crisis_line_name_en = models.CharField(
        _("crisis line name (English)"), max_length=NUMBER_NAME_MAX_LENGTH, blank=True
    )
    crisis_line_name_nl = models.CharField(_("crisis line name (Dutch)"), max_length=NUMBER_NAME_MAX_LENGTH, blank=True)
    crisis_line_name_da = models.CharField(
        _("crisis line name (Danish)"), max_length=NUMBER_NAME_MAX_LENGTH, blank=True
    )
    peer_support_phone = models.CharField(
        _("peer support phone (24/7)"), max_length=NUMBER_MAX_LENGTH, blank=True, validators=[validate_service_number]
    )
    escalate_urgent_minutes = models.PositiveIntegerField(
        _("urgent request unclaimed, minutes"),
        validators=[MinValueValidator(5), MaxValueValidator(ESCALATE_URGENT_MINUTES_MAX)],
        help_text=_("A request for today not taken in this time alerts the coordinator, then the next region."),
    )
    escalate_normal_hours = models.PositiveIntegerField(
        _("other request unclaimed, hours"),
        validators=[MinValueValidator(1), MaxValueValidator(ESCALATE_NORMAL_HOURS_MAX)],
    )
    alert_ack_minutes = models.PositiveIntegerField(
        _("alert unanswered, minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(ALERT_ACK_MINUTES_MAX)],
        help_text=_(
            "How long an alert to the supporter on duty may stay unanswered before the next person is alerted."
        ),
    )
    first_contact_hours = models.PositiveIntegerField(
        _("first contact, hours"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(FIRST_CONTACT_HOURS_MAX)],
        help_text=_("How long a taken request may go without a first contact recorded."),
    )
    default_protocol = models.SlugField(
        _("default follow-up protocol"),
        help_text=_("Runs after an incident whose type has no protocol chosen."),
    )
    selftest_min_group = models.PositiveIntegerField(
        _("minimum group, self-test figures"),
        validators=[MinValueValidator(SELFTEST_MIN_GROUP_FLOOR), MaxValueValidator(MIN_GROUP_MAX)],
    )
    monitor_min_group = models.PositiveIntegerField(
        _("minimum group, monitor work figures"),
        validators=[MinValueValidator(MIN_GROUP_FLOOR), MaxValueValidator(MIN_GROUP_MAX)],
    )
    monitor_min_group_health = models.PositiveIntegerField(
        _("minimum group, monitor health figures"),
        validators=[MinValueValidator(MIN_GROUP_HEALTH_FLOOR), MaxValueValidator(MIN_GROUP_MAX)],
    )
    sms_sender = models.CharField(
        _("SMS sender name"), max_length=SMS_SENDER_MAX_LENGTH, validators=[validate_sms_sender]
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name") or (self.root.name if self.root_id else "")

    @property
    def crisis_line_name(self) -> str:
        return localised(self, "crisis_line_name")

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def language(self) -> str:
        """The organisation's main language."""
        return (self.languages or [settings.LANGUAGE_CODE])[0]

    # The minimum groups as read: never below the floors, whatever a row says.
    @property
    def effective_selftest_min_group(self) -> int:
        return max(SELFTEST_MIN_GROUP_FLOOR, self.selftest_min_group)

    @property
    def effective_monitor_min_group(self) -> int:
        return max(MIN_GROUP_FLOOR, self.monitor_min_group)

    @property
    def effective_monitor_min_group_health(self) -> int:
        return max(MIN_GROUP_HEALTH_FLOOR, self.monitor_min_group_health)


class OrganisationChange(models.Model):
    """One field of an organisation changed: who, when, the old and the new value."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    field = models.CharField(_("field"), max_length=64)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("change of an organisation")
        verbose_name_plural = _("changes of organisations")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} · {self.field}"
