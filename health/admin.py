"""Learning modules are entered by an administrator (articles are written in the portal's
own editor pages, `health:editor`). Progress of readers is deliberately not registered:
nobody but the reader sees it."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .models import CheckChoice, CheckQuestion, LearningModule, Lesson


class LessonInline(TranslationStackedInline):
    model = Lesson
    extra = 0


class CheckQuestionInline(TranslationStackedInline):
    model = CheckQuestion
    extra = 0


@admin.register(LearningModule)
class LearningModuleAdmin(TranslationAdmin):
    list_display = ["title", "published", "order"]
    inlines = [LessonInline, CheckQuestionInline]


class CheckChoiceInline(TranslationTabularInline):
    model = CheckChoice
    extra = 0


@admin.register(CheckQuestion)
class CheckQuestionAdmin(TranslationAdmin):
    list_display = ["text", "module", "number"]
    inlines = [CheckChoiceInline]
