"""What changes a question: asking, withdrawing, consent, taking, answering, making an article.

Every function takes `now=None` so that tests fix the time, and raises `DomainError` with a
sentence for the person when the current state says no.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError
from notifications.services import message_schedule

from .access import ACTION_ANSWERED
from .models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Question, Topic

# The e-mail that says an answer is waiting: the same neutral notice for every reply in the
# portal (no topic, no question, nothing that says who answered). Its template name and key
# say nothing of questions either (notifications/keys.py makes the key opaque).
REPLY_TEMPLATE = "portal_reply"
# Questions one person may have waiting at once: enough for anyone, and a stop to a flood
# that would bury everyone else's questions in the team's queue.
WAITING_QUESTIONS_MAX = 5


def reply_message_key(question: Question) -> str:
    return f"question:{question.pk}:answered"


def _clean_text(text: str, *, limit: int, empty: str, too_long: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(empty)
    if len(text) > limit:
        raise DomainError(too_long % {"limit": limit})
    return text


def question_ask(
    *, asker, topic: str, text: str, show_name: bool, consent_to_publish: bool = False, now=None
) -> Question:
    if topic not in Topic.values:
        raise DomainError(_("Choose a topic."))
    text = _clean_text(
        text,
        limit=QUESTION_MAX_LENGTH,
        empty=_("Write your question."),
        too_long=_("Your question can be at most %(limit)d characters."),
    )
    with transaction.atomic():
        # The asker's row is the lock: two asks at once by the same person wait for each
        # other here, so the count below cannot be read twice before either question exists.
        get_user_model().objects.select_for_update().filter(pk=asker.pk).first()
        waiting = Question.objects.filter(asker_id=asker.pk, status=Question.Status.WAITING).count()
        if waiting >= WAITING_QUESTIONS_MAX:
            raise DomainError(
                _("You have %(count)d questions waiting for an answer. Please wait for an answer before you ask more.")
                % {"count": waiting}
            )
        return Question.objects.create(
            asker=asker,
            topic=topic,
            text=text,
            show_name=bool(show_name),
            consent_to_publish=bool(consent_to_publish),
            asked_at=now or timezone.now(),
        )


@transaction.atomic
def question_withdraw(*, question: Question, asker) -> None:
    """The asker takes back a question that has no answer yet: it is deleted at once."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.asker_id != asker.pk:
        raise DomainError(_("This is not your question."))
    if question.is_answered:
        raise DomainError(_("This question has been answered already, so it cannot be withdrawn."))
    question.delete()


def question_consent_set(*, question: Question, asker, consent: bool) -> Question:
    if question.asker_id != asker.pk:
        raise DomainError(_("This is not your question."))
    changed = Question.objects.filter(pk=question.pk, article_made_at__isnull=True).update(
        consent_to_publish=bool(consent)
    )
    if not changed:
        raise DomainError(_("An article has been made from this question already, so this can no longer change."))
    question.consent_to_publish = bool(consent)
    return question


@transaction.atomic
def question_claim(*, question: Question, psychologist, now=None) -> Question:
    """Take a question, so that two psychologists do not answer it both."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_answered:
        raise DomainError(_("This question has been answered already."))
    if question.claimed_by_id not in (None, psychologist.pk):
        raise DomainError(_("A colleague has taken this question already."))
    question.claimed_by = psychologist
    question.save(update_fields=["claimed_by"])
    return question


@transaction.atomic
def question_release(*, question: Question, psychologist) -> Question:
    """Give a taken question back to the team's queue."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_answered or question.claimed_by_id != psychologist.pk:
        raise DomainError(_("You have not taken this question."))
    question.claimed_by = None
    question.save(update_fields=["claimed_by"])
    return question


@transaction.atomic
def question_answer(*, question: Question, psychologist, answer: str, now=None) -> Question:
    """Answer a waiting question and tell the asker, by a neutral e-mail, that a reply is waiting.

    The e-mail respects the asker's quiet hours (it is not urgent) and names nothing: no
    topic, no text, no psychologist."""
    now = now or timezone.now()
    answer = _clean_text(
        answer,
        limit=ANSWER_MAX_LENGTH,
        empty=_("Write an answer."),
        too_long=_("The answer can be at most %(limit)d characters."),
    )
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_answered:
        raise DomainError(_("This question has been answered already."))
    if question.claimed_by_id not in (None, psychologist.pk):
        raise DomainError(_("A colleague has taken this question already."))
    question.answer = answer
    question.answered_by = psychologist
    question.claimed_by = psychologist
    question.answered_at = now
    question.status = Question.Status.ANSWERED
    question.save(update_fields=["answer", "answered_by", "claimed_by", "answered_at", "status"])
    if question.show_name:
        # Only about a named asker: an entry about an anonymous one would say who asked.
        audit_record(actor=psychologist, action=ACTION_ANSWERED, obj=question, subject=question.asker)
    message_schedule(
        key=reply_message_key(question),
        template=REPLY_TEMPLATE,
        recipient=question.asker,
        due_at=now,
        context={"path": reverse("replies")},  # /me/replies/: names no kind of help
    )
    return question


@transaction.atomic
def question_article_make(*, question: Question, editor, question_text: str, answer_text: str, language: str, now=None):
    """Make a draft article of the health square from an answered question, with the texts as
    the editor changed them to remove anything personal. Only with the asker's consent."""
    from health.services import article_from_expert_answer

    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question.is_answered:
        raise DomainError(_("Only an answered question can become an article."))
    if not question.consent_to_publish:
        raise DomainError(_("The person who asked has not agreed to publication."))
    if question.article_made_at is not None:
        raise DomainError(_("An article has been made from this question already."))
    question_text = _clean_text(
        question_text,
        limit=QUESTION_MAX_LENGTH,
        empty=_("Write the question as it will be published."),
        too_long=_("The question can be at most %(limit)d characters."),
    )
    answer_text = _clean_text(
        answer_text,
        limit=ANSWER_MAX_LENGTH,
        empty=_("Write the answer as it will be published."),
        too_long=_("The answer can be at most %(limit)d characters."),
    )
    article = article_from_expert_answer(question=question_text, answer=answer_text, editor=editor, language=language)
    question.article_made_at = now or timezone.now()
    question.article_id = article.pk
    question.save(update_fields=["article_made_at", "article_id"])
    return article


# --- Retention ---------------------------------------------------------------------------

# An answer stays readable for the asker for a year; a question nobody answered goes after a year too.
ANSWERED_RETENTION_DAYS = 365
WAITING_RETENTION_DAYS = 365


def questions_delete_expired(*, now=None) -> int:
    now = now or timezone.now()
    answered = Question.objects.filter(
        status=Question.Status.ANSWERED, answered_at__lt=now - dt.timedelta(days=ANSWERED_RETENTION_DAYS)
    )
    waiting = Question.objects.filter(
        status=Question.Status.WAITING, asked_at__lt=now - dt.timedelta(days=WAITING_RETENTION_DAYS)
    )
    deleted, _rows = (answered | waiting).delete()
    return deleted
