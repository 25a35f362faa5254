import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.Model):
    """A questionnaire loaded from its data file (`surveys/instruments/*.yaml`).

    `definition` is the validated file content; the engine builds the scoring model
    from it on use, so a page never reads the file system. `load_instruments` keeps
    these rows in step with the files.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    version = models.CharField(_("version"), max_length=60)
    source_file = models.CharField(_("source file"), max_length=200)
    checksum = models.CharField(_("checksum"), max_length=64)
    definition = models.JSONField(_("definition"))
    is_active = models.BooleanField(
        _("offered as a self-test"), default=True, help_text=_("Inactive instruments are not listed.")
    )
    order = models.IntegerField(_("order"), default=100)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["order", "key"]

    def __str__(self):
        return self.key


class SelfTestStatistic(models.Model):
    """One completed self-test, anonymous by construction (privacy invariant 1).

    Exactly these fields and no more (a test pins them): which instrument, which band
    and the ISO week. No user, unit, session, IP address, answers or exact time. The
    primary key is random so that row ids do not reveal the order of completions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.SlugField(_("instrument"), max_length=40)
    band = models.SlugField(_("band"), max_length=40)
    iso_week = models.CharField(_("ISO week"), max_length=8, help_text=_("For example 2026-W48."))

    class Meta:
        verbose_name = _("self-test statistic")
        verbose_name_plural = _("self-test statistics")
        indexes = [models.Index(fields=["instrument", "iso_week"], name="selftest_stat_instr_week_idx")]
        permissions = [("view_selftest_statistics", _("Can see the anonymous self-test statistics"))]

    def __str__(self):
        return f"{self.instrument} {self.band} {self.iso_week}"


class RetakeReminder(models.Model):
    """A person asked to be reminded, on a day, to take a self-test again.

    Exactly these fields (a test pins them): the person and the due day. Not which test,
    not the result, and no time of asking: no created-at and a random primary key, so
    nothing in the row can be lined up with the moment a statistics row was written.
    The day's scan turns due rows into outbox messages and deletes them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("reminder asked for")
        verbose_name_plural = _("reminders asked for")
        constraints = [models.UniqueConstraint(fields=["user", "due_on"], name="retake_reminder_once_a_day")]
        indexes = [models.Index(fields=["due_on"], name="retake_reminder_due_idx")]

    def __str__(self):
        return f"reminder {self.due_on}"


from .monitor.models import *  # noqa: E402,F401,F403
