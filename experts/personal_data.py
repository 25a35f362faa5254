"""A person's own questions, for the export and the erasure of their personal data
(the convention is in core/personal_data.py)."""

from django.utils.translation import gettext, gettext_lazy, ngettext

from core.personal_data import Kept, when

from .models import Question

TITLE = gettext_lazy("Questions to the psychologists")


def export_for(user) -> dict:
    questions = Question.objects.filter(asker_id=user.pk).order_by("asked_at", "pk")
    return {
        gettext("Your questions"): [
            {
                gettext("Asked"): when(question.asked_at),
                gettext("Topic"): str(question.get_topic_display()),
                gettext("Question"): question.text,
                gettext("Your name shown to the psychologists"): question.show_name,
                gettext("May be published without anything personal"): question.consent_to_publish,
                gettext("State"): str(question.get_status_display()),
                gettext("Answer"): question.answer or None,
                gettext("Answered"): when(question.answered_at),
            }
            for question in questions
        ]
    }


def erase_for(user) -> list[str]:
    """Every question and answer goes. An article made from one stays: it was stripped of
    anything that could identify the person and no longer points to them."""
    questions = Question.objects.filter(asker_id=user.pk)
    articles = questions.filter(article_made_at__isnull=False).count()
    count = questions.count()
    questions.delete()
    lines: list[str] = []
    if count:
        lines.append(
            ngettext(
                "Your question to the psychologists and its answer were deleted (%(count)d question).",
                "Your questions to the psychologists and their answers were deleted (%(count)d questions).",
                count,
            )
            % {"count": count}
        )
    if articles:
        lines.append(
            Kept(
                gettext(
                    "Articles made from your questions stay on the health square: anything that could identify "
                    "you was removed from them, and they are no longer linked to you."
                )
            )
        )
    return lines
