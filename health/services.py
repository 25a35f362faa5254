"""Writes of the health square: articles (with their revisions), module progress, and the
review reminders for editors. Keyword-only, `<entity>_<action>`, taking `now=None`."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import DomainError

from .defaults import QA_THEME
from .models import Article, LearningModule, ModuleProgress, Theme

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What an editor writes and a restore brings back; state and publication time are not part
# of a revision's content, so restoring never publishes or hides an article by itself.
CONTENT_FIELDS = [
    "theme",
    "kind",
    "audience",
    "image",
    "related",
    "review_at",
    "order",
    *[f"{field}_{code}" for field in ("title", "summary", "body", "image_alt") for code in LANGUAGES],
]


def _unique_slug(text: str, *, exclude_pk=None) -> str:
    base = slugify(text)[:70] or "article"
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _save(article: Article, *, editor, reason: str, now) -> Article:
    article.updated_at = now
    article._history_user = editor
    article._change_reason = reason
    article.save()
    return article


def _assign(article: Article, fields: dict) -> None:
    for name, value in fields.items():
        if name == "slug":
            continue
        # As a ModelForm would: an image field's False means "remove the image".
        Article._meta.get_field(name).save_form_data(article, value)


@transaction.atomic
def article_create(*, editor, fields: dict, now=None) -> Article:
    """A new draft from the editor's form (`fields`: names of `CONTENT_FIELDS`, and `slug`)."""
    now = now or timezone.now()
    article = Article(status=Article.Status.DRAFT, created_at=now)
    _assign(article, fields)
    article.slug = _unique_slug(fields.get("slug") or fields.get("title_en") or "")
    return _save(article, editor=editor, reason=_("Created"), now=now)


@transaction.atomic
def article_update(*, article: Article, editor, fields: dict, now=None) -> Article:
    now = now or timezone.now()
    _assign(article, fields)
    if fields.get("slug") and fields["slug"] != article.slug:
        if Article.objects.filter(slug=fields["slug"]).exclude(pk=article.pk).exists():
            raise DomainError(_("Another article already has this address. Choose another one."))
        article.slug = fields["slug"]
    return _save(article, editor=editor, reason=_("Edited"), now=now)


def article_publish(*, article: Article, editor, publish_at: dt.datetime | None = None, now=None) -> Article:
    """Publish now, or from `publish_at` (readers see it once that time has come)."""
    now = now or timezone.now()
    if not article.title_en or not article.body_en:
        raise DomainError(_("An article needs at least an English title and text before it is published."))
    if article.image and any(not getattr(article, f"image_alt_{code}") for code in LANGUAGES):
        raise DomainError(_("Describe the image in every language before the article is published."))
    article.status = Article.Status.PUBLISHED
    article.publish_at = publish_at or now
    reason = _("Published") if article.publish_at <= now else _("Scheduled")
    return _save(article, editor=editor, reason=reason, now=now)


def article_unpublish(*, article: Article, editor, now=None) -> Article:
    now = now or timezone.now()
    if article.status == Article.Status.DRAFT:
        raise DomainError(_("This article is not published."))
    article.status = Article.Status.DRAFT
    article.publish_at = None
    return _save(article, editor=editor, reason=_("Taken offline"), now=now)


@transaction.atomic
def article_restore(*, article: Article, revision_id: int, editor, now=None) -> Article:
    """Bring back the content of an earlier revision; that makes a new revision."""
    now = now or timezone.now()
    revision = article.history.filter(history_id=revision_id).first()
    if revision is None:
        raise DomainError(_("This revision does not exist."))
    for name in CONTENT_FIELDS:
        attribute = "theme_id" if name == "theme" else name
        setattr(article, attribute, getattr(revision, attribute))
    when = timezone.localtime(revision.history_date).strftime("%Y-%m-%d %H:%M")
    return _save(article, editor=editor, reason=_("Restored the revision of %(when)s") % {"when": when}, now=now)


@transaction.atomic
def article_from_expert_answer(*, question: str, answer: str, editor, language: str) -> Article:
    """A draft "question and answer" in the shipped theme, from an expert's answer (the
    `experts` app), for the wellbeing officer or a psychologist to edit and publish."""
    language = language.split("-")[0]
    if language not in LANGUAGES:
        raise DomainError(_("This language is not one of the portal's languages."))
    question, answer = question.strip(), answer.strip()
    if not question or not answer:
        raise DomainError(_("A question and an answer are both needed."))
    theme = Theme.objects.get(slug=QA_THEME)
    with translation.override(language):
        question_label, answer_label = _("Question"), _("Answer")
    title = " ".join(question.split())
    if len(title) > 120:
        title = title[:119].rsplit(" ", 1)[0] + "…"
    fields = {
        "theme": theme,
        "kind": Article.Kind.QA,
        f"title_{language}": title,
        f"body_{language}": f"**{question_label}**\n\n{question}\n\n**{answer_label}**\n\n{answer}",
    }
    now = timezone.now()
    article = Article(status=Article.Status.DRAFT, created_at=now)
    _assign(article, fields)
    article.slug = _unique_slug(f"question-{title}")
    return _save(article, editor=editor, reason=_("Created from an expert's answer"), now=now)


# --- Learning modules ------------------------------------------------------------------


def module_lesson_done(*, user, module: LearningModule, number: int, now=None) -> ModuleProgress:
    """Remember that the reader finished a lesson (logged-in readers only)."""
    today = timezone.localdate(now or timezone.now())
    progress, _created = ModuleProgress.objects.get_or_create(user=user, module=module)
    if number not in progress.lessons_done:
        progress.lessons_done = sorted([*progress.lessons_done, number])
    progress.updated_on = today
    progress.save()
    return progress


def module_check_done(*, user, module: LearningModule, now=None) -> ModuleProgress:
    """Remember that the reader did the check (never their answers)."""
    today = timezone.localdate(now or timezone.now())
    progress, _created = ModuleProgress.objects.get_or_create(user=user, module=module)
    progress.check_done_on = today
    progress.updated_on = today
    progress.save()
    return progress


# --- Review dates ------------------------------------------------------------------------


def editors():
    User = get_user_model()
    return User.objects.filter(
        is_active=True,
        groups__permissions__content_type__app_label="health",
        groups__permissions__codename="edit_content",
    ).distinct()


def review_reminders_schedule(*, now=None) -> int:
    """One neutral e-mail to each editor per article whose review date has passed, once
    per review date (the key holds it): running the scan twice sends nothing twice. In
    bulk: two queries and one INSERT, whatever the number of articles and editors."""
    from notifications.services import messages_schedule_many

    now = now or timezone.now()
    due = list(Article.objects.review_due(timezone.localdate(now)).only("pk", "review_at"))
    people = list(editors()) if due else []
    path = reverse("health:editor") + "?state=review"
    return messages_schedule_many(
        rows=[
            {
                "key": f"health-review:{article.pk}:{article.review_at.isoformat()}:{person.pk}",
                "template": "health_review_due",
                "due_at": now,
                "recipient_id": person.pk,
                "context": {"path": path},
            }
            for article in due
            for person in people
        ]
    )
