"""Questions to the psychologists' team, and their answers.

The portal knows whose question it is (`asker`), so that only the asker reads the answer and
is told it is there. When the asker chose not to give their name, no page, list, export, admin
page or outbox row shows who asked: the team sees the topic and the text only. What a database
administrator could still link: the `asker` column names the person (it must, for the answer
to reach them); the text and the answer are encrypted (EXPERTS_KEYS), so a dump shows who asked
something, never what.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .crypto import ExpertsEncryptedTextField

# Limits (docs/conventions.md): used by the model, the forms and the services.
QUESTION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 6000
# An article made from an answer: the edited question and answer.
ARTICLE_QUESTION_MAX_LENGTH = QUESTION_MAX_LENGTH
ARTICLE_ANSWER_MAX_LENGTH = ANSWER_MAX_LENGTH


class Topic(models.TextChoices):
    """The health square's themes, and "something else"."""

    SLEEP = "sleep", _("Sleep and shift work")
    STRESS = "stress", _("Stress and tension")
    DIFFICULT_EVENT = "difficult_event", _("After a difficult event")
    MOOD = "mood", _("Mood and energy")
    HOME = "home", _("Family, home and work")
    HABITS = "habits", _("Alcohol, smoking and other habits")
    OTHER = "other", _("Something else")


class Question(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    show_name = models.BooleanField(_("name shown to the psychologists"), default=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    text = ExpertsEncryptedTextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    consent_to_publish = models.BooleanField(_("may be published without anything personal"), default=False)
    asked_at = models.DateTimeField(_("asked at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = ExpertsEncryptedTextField(_("answer"), blank=True, max_length=ANSWER_MAX_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Set when a draft article was made from it: from then on the consent cannot be withdrawn here.
    article_made_at = models.DateTimeField(_("article made at"), null=True, blank=True)
    article_id = models.PositiveIntegerField(_("article"), null=True, blank=True)

    class Meta:
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to an expert")
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["status", "asked_at"])]
        permissions = [
            ("answer_questions", "Can read and answer questions to the psychologists' team"),
            ("publish_answers", "Can make an article from an answered question whose asker consented"),
        ]

    def __str__(self):
        # Never the text or the asker: this is what logs and error pages would show.
        return f"Question {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def consent_changeable(self) -> bool:
        return self.article_made_at is None

    @property
    def publishable(self) -> bool:
        return self.is_answered and self.consent_to_publish and self.article_made_at is None
