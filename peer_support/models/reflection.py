import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import pick

from .incidents import PLACE_MAX_LENGTH

# How a series may repeat: used by the form and the service.
EVERY_WEEKS_MAX = 12
OCCURRENCES_MAX = 26


class ReflectionFramework(models.Model):
    """A fixed set of questions for reflection meetings, in en/nl/da, as data."""

    code = models.SlugField(unique=True)
    name = models.JSONField(default=dict)
    questions = models.JSONField(default=list, help_text="[{'en': ..., 'nl': ..., 'da': ...}, ...]")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code

    @property
    def name_text(self) -> str:
        return pick(self.name)

    def questions_in(self, language=None) -> list[str]:
        return [pick(q, language) for q in self.questions]


class ReflectionSeries(models.Model):
    """A recurring reflection meeting of a team. Nothing that is said is stored."""

    team = models.ForeignKey("accounts.OrganisationUnit", verbose_name=_("team"), on_delete=models.CASCADE)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(ReflectionFramework, verbose_name=_("questions"), on_delete=models.PROTECT)
    first_at = models.DateTimeField(_("first meeting"))
    every_weeks = models.PositiveSmallIntegerField(_("every ... weeks"), default=4)
    occurrences = models.PositiveSmallIntegerField(_("number of meetings"), default=6)
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_at"]

    def __str__(self):
        return f"reflection {self.pk} for {self.team_id}"

    def meeting_dates(self) -> list[dt.datetime]:
        """Every meeting of the series, at the same local time of day (wall clock) each time."""
        tz = self.leader.tzinfo
        first = timezone.localtime(self.first_at, tz).replace(tzinfo=None)
        return [
            timezone.make_aware(first + dt.timedelta(weeks=self.every_weeks * n), tz) for n in range(self.occurrences)
        ]
