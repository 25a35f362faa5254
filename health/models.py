"""The health square: themes, articles and learning modules, in English, Dutch and Danish.

Texts are translated fields (django-modeltranslation, `translation.py`: `title_en`,
`title_nl`, `title_da`); articles keep every revision (django-simple-history, registered in
`translation.py` after the translated fields exist, so that revisions hold every language).
Reading is anonymous and never recorded: the only personal rows here are a logged-in
reader's own progress through a learning module (`ModuleProgress`).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Limits (docs/conventions.md): used by the fields, the forms and the services alike.
TITLE_MAX_LENGTH = 160
SUMMARY_MAX_LENGTH = 300
BODY_MAX_LENGTH = 20000
ALT_MAX_LENGTH = 250
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
IMAGE_MAX_PIXELS = 4000  # on the longest side


class Theme(models.Model):
    """A theme of the square. Shipped with the portal (`defaults.py`, loaded after migrate)."""

    slug = models.SlugField(_("address"), unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("health:theme", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def visible(self, now: dt.datetime | None = None):
        """What readers may see: published, and its publication time has come."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now)

    def review_due(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(review_at__lte=today)


class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        QA = "qa", _("Question and answer")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        PARTNERS = "partners", _("Partners")
        CHILDREN = "children", _("Children")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="articles")
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    audience = models.CharField(_("written for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH, blank=True)
    image = models.ImageField(_("image"), upload_to="health/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=ALT_MAX_LENGTH, blank=True)
    # Keys of `destinations.DESTINATIONS`: the portal's own offers, never free addresses.
    related = models.JSONField(_("related offers"), default=list, blank=True)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("published from"), null=True, blank=True)
    review_at = models.DateField(_("review on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["order", "pk"]
        permissions = [("edit_content", "Can write and publish the health square")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="health_published_has_time"
            )
        ]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("health:article", args=[self.slug])

    def get_edit_url(self):
        return reverse("health:editor_edit", args=[self.pk])

    def state(self, now: dt.datetime | None = None) -> str:
        """draft, scheduled or published (the review date is shown beside it)."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        return "scheduled" if self.publish_at > now else "published"

    def review_due(self, today: dt.date | None = None) -> bool:
        return self.review_at is not None and self.review_at <= (today or timezone.localdate())


class LearningModule(models.Model):
    """Short lessons in order, then a light check. Content is shipped as demo data or entered
    by an administrator; readers' answers to the check are never stored."""

    slug = models.SlugField(_("address"), unique=True)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.SET_NULL, null=True, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("learning module")
        verbose_name_plural = _("learning modules")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("health:module", args=[self.slug])


class Lesson(models.Model):
    module = models.ForeignKey(LearningModule, on_delete=models.CASCADE, related_name="lessons")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module", "number"]
        constraints = [models.UniqueConstraint(fields=["module", "number"], name="health_lesson_number_unique")]

    def __str__(self):
        return self.title


class CheckQuestion(models.Model):
    module = models.ForeignKey(LearningModule, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("question"), max_length=SUMMARY_MAX_LENGTH)
    explanation = models.TextField(_("explanation"), max_length=1000)

    class Meta:
        verbose_name = _("check question")
        verbose_name_plural = _("check questions")
        ordering = ["module", "number"]
        constraints = [models.UniqueConstraint(fields=["module", "number"], name="health_question_number_unique")]

    def __str__(self):
        return self.text


class CheckChoice(models.Model):
    question = models.ForeignKey(CheckQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=SUMMARY_MAX_LENGTH)
    correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text


class ModuleProgress(models.Model):
    """Which lessons of a module a logged-in reader has finished. Seen by that reader only:
    not in the admin, in no figure; deleted with the account's data (`personal_data.py`)
    and after `RETENTION_DAYS` without use (`retention.py`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(LearningModule, on_delete=models.CASCADE, related_name="+")
    lessons_done = models.JSONField(default=list)  # lesson numbers
    check_done_on = models.DateField(null=True, blank=True)
    updated_on = models.DateField(default=timezone.localdate)

    RETENTION_DAYS = 365

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="health_progress_unique")]

    def __str__(self):
        return "progress"  # names nobody: the admin does not show these rows at all
