"""Reads of questions that several pages share. None of them loads the asker."""

from django.db.models import QuerySet

from .models import Question

# Columns a team list needs: never the asker, never the encrypted texts (they are decrypted
# one by one on a question's own page).
_LIST_FIELDS = ("pk", "topic", "asked_at", "status", "show_name", "claimed_by", "answered_at", "consent_to_publish")


def questions_open(*, user) -> QuerySet[Question]:
    """The team's queue: every waiting question, oldest first (but never the reader's own)."""
    return (
        Question.objects.filter(status=Question.Status.WAITING)
        .exclude(asker_id=user.pk)
        .select_related("claimed_by")
        .only(*_LIST_FIELDS, "claimed_by__first_name", "claimed_by__last_name", "claimed_by__email")
        .order_by("asked_at", "pk")
    )


def questions_answered_by(*, user, limit: int = 20) -> QuerySet[Question]:
    return (
        Question.objects.filter(status=Question.Status.ANSWERED, answered_by_id=user.pk)
        .only(*_LIST_FIELDS)
        .order_by("-answered_at", "-pk")[:limit]
    )


def questions_publishable() -> QuerySet[Question]:
    return (
        Question.objects.filter(status=Question.Status.ANSWERED, consent_to_publish=True, article_made_at__isnull=True)
        .only(*_LIST_FIELDS)
        .order_by("answered_at", "pk")
    )


def questions_for_asker(*, user) -> QuerySet[Question]:
    """The asker's own questions, newest first; their texts are theirs to read."""
    return Question.objects.filter(asker_id=user.pk).order_by("-asked_at", "-pk")
