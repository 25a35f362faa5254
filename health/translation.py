"""Translated fields (django-modeltranslation) and the revisions of articles.

simple-history is registered here, after the translated fields are added, so that a
revision holds the text in every language (django-simple-history's documented way to
combine the two).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import Article, CheckChoice, CheckQuestion, LearningModule, Lesson, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")


@register(LearningModule)
class LearningModuleTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "body")


@register(CheckQuestion)
class CheckQuestionTranslation(TranslationOptions):
    fields = ("text", "explanation")


@register(CheckChoice)
class CheckChoiceTranslation(TranslationOptions):
    fields = ("text",)


# Who changed what and when; `history_change_reason` says why ("Restored the revision of ...").
history_register(Article, excluded_fields=["updated_at"])
