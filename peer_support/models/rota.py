"""The duty rota: who of a region is on duty when, for three kinds of duty.

A week is described by patterns (every Monday 22:00-06:00 from a date, until a date or
for good); exceptions change a single day: an extra shift, an absence (a holiday, sick
leave: the person's pattern shifts of those days do not count) and a swap, which hands one
pattern shift to a colleague. Times of a pattern are wall-clock times in the region's time
zone (`peer_support.rota.rota_time_zone`), so a night shift stays 22:00-06:00 across a
daylight-saving change (and lasts an hour more or less that night).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.choices import Weekday

from ..crypto import PeerSupportEncryptedTextField as EncryptedTextField

# A note on an absence (a holiday, a course): short, and never a reason of health.
ABSENCE_NOTE_MAX_LENGTH = 100
HAND_BACK_REASON_MAX_LENGTH = 1000
# How long past shifts, absences and swaps are kept (for the coordinator to look back on a
# month's cover), after which the retention rule deletes them.
ROTA_KEEP_DAYS = 90


class DutyKind(models.TextChoices):
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    COORDINATOR = "coordinator", _("Coordinator")
    PSYCHOLOGIST = "psychologist", _("Psychologist on call")


# Who may be on a rota of each kind: members of this role.
KIND_ROLE = {
    DutyKind.PEER_SUPPORTER: Role.PEER_SUPPORTER,
    DutyKind.COORDINATOR: Role.COORDINATOR,
    DutyKind.PSYCHOLOGIST: Role.PSYCHOLOGIST,
}


class DutyPattern(models.Model):
    """A shift every week: `weekday` from `starts` to `ends` (the next day when `ends` is not
    after `starts`), from `valid_from`, until `valid_until` (included) or for good."""

    region = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_patterns")
    kind = models.CharField(_("duty"), max_length=20, choices=DutyKind.choices)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    valid_from = models.DateField(_("first day"))
    valid_until = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly shift")
        verbose_name_plural = _("weekly shifts")
        indexes = [models.Index(fields=["region", "kind"], name="ps_dutypattern_region_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(starts=F("ends")), name="ps_dutypattern_not_empty"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="ps_dutypattern_valid_order",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.person_id} day {self.weekday} {self.starts}-{self.ends}"

    @property
    def crosses_midnight(self) -> bool:
        return self.ends <= self.starts


class DutyExtraShift(models.Model):
    """A one-off shift, on top of the patterns."""

    region = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_extra_shifts")
    kind = models.CharField(_("duty"), max_length=20, choices=DutyKind.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("extra shift")
        verbose_name_plural = _("extra shifts")
        indexes = [models.Index(fields=["region", "kind", "starts_at"], name="ps_dutyextra_region_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="ps_dutyextra_order"),
        ]

    def __str__(self):
        return f"extra {self.kind} {self.person_id} {self.starts_at}"


class DutyAbsence(models.Model):
    """Days (first to last, included) on which the person's pattern shifts of the region do not count."""

    region = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_absences")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note (optional)"), max_length=ABSENCE_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="ps_dutyabsence_order"),
        ]

    def __str__(self):
        return f"absence {self.person_id} {self.first_day}-{self.last_day}"


class DutySwap(models.Model):
    """One shift of a pattern, on one day, taken by a colleague: proposed by the one who has
    it and accepted by the colleague, or recorded at once by a coordinator."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    pattern = models.ForeignKey(DutyPattern, on_delete=models.CASCADE, related_name="swaps")
    on_date = models.DateField(_("day"))
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        constraints = [
            models.UniqueConstraint(
                fields=["pattern", "on_date"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="ps_dutyswap_one_live_per_shift",
            ),
        ]

    def __str__(self):
        return f"swap {self.pattern_id} {self.on_date} -> {self.substitute_id} {self.status}"


class HandBack(models.Model):
    """A supporter gave a request they had taken back: the reason is for the coordinators only.
    The supporter is not offered the request again."""

    request = models.ForeignKey("peer_support.SupportRequest", on_delete=models.CASCADE, related_name="hand_backs")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = EncryptedTextField(_("reason"), max_length=HAND_BACK_REASON_MAX_LENGTH)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("request handed back")
        verbose_name_plural = _("requests handed back")
        ordering = ["created_at"]

    def __str__(self):
        return f"hand-back of {self.request_id} by {self.supporter_id}"
