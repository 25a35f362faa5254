"""The overview's only stored data: the use of check-ups and peer support per completed
quarter and unit, frozen once when the quarter is over, with hidden figures stored as NULL.

Frozen, not computed on every view: a figure computed again later would change when a
person moves to another unit, leaves, or their records reach the end of their retention,
and a manager who watched a quarter's count go from 12 to 11 after Bob moved would learn
that Bob asked for help. No row names a person.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageKind(models.TextChoices):
    CHECKUPS = "checkups", _("Check-ups")
    PEER_SUPPORT = "peer_support", _("Peer support")


class UsageQuarter(models.Model):
    """A completed quarter whose figures are frozen (one row per quarter, made once)."""

    starts_on = models.DateField(unique=True)
    frozen_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.starts_on:%Y}-Q{(self.starts_on.month - 1) // 3 + 1}"


class UsageFigure(models.Model):
    """How many people of a unit (with everything below it) used a service in a quarter.

    `people` is NULL where the minimum-group and minimum-difference rules hide it, with the
    reason; the minimum that applied is kept so the page can say it."""

    quarter = models.ForeignKey(UsageQuarter, on_delete=models.CASCADE, related_name="figures")
    unit = models.ForeignKey("accounts.OrganisationUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=UsageKind.choices)
    people = models.PositiveIntegerField(null=True)
    hidden_reason = models.CharField(max_length=20, blank=True)
    minimum = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quarter", "unit", "kind"], name="overview_one_figure")]

    def __str__(self):
        return f"{self.quarter} {self.unit_id} {self.kind}"
