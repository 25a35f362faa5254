from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .protocols import in_language


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
        return in_language(self.name)

    def questions_in(self, language=None) -> list[str]:
        return [in_language(q, language) for q in self.questions]


class ReflectionSeries(models.Model):
    """A recurring reflection meeting of a team. Nothing that is said is stored."""

    team = models.ForeignKey("accounts.OrganisationUnit", verbose_name=_("team"), on_delete=models.CASCADE)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(ReflectionFramework, verbose_name=_("questions"), on_delete=models.PROTECT)
    first_at = models.DateTimeField(_("first meeting"))
    every_weeks = models.PositiveSmallIntegerField(_("every ... weeks"), default=4)
    occurrences = models.PositiveSmallIntegerField(_("number of meetings"), default=6)
    place = models.CharField(_("place"), max_length=200)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_at"]

    def __str__(self):
        return f"reflection {self.pk} for {self.team_id}"
