"""A person's own questions, for the export and the erasure of their personal data.

Contract (wired by the personal-data pages): `export_for(user) -> dict` (JSON-serialisable)
and `erase_for(user) -> list[str]` (what was kept and why, in the person's words).
"""

from django.utils.translation import gettext as _

from .models import Question


def export_for(user) -> dict:
    questions = Question.objects.filter(asker_id=user.pk).order_by("asked_at", "pk")
    return {
        "questions": [
            {
                "asked_at": question.asked_at.isoformat(),
                "topic": str(question.get_topic_display()),
                "question": question.text,
                "name_shown_to_psychologists": question.show_name,
                "may_be_published": question.consent_to_publish,
                "status": str(question.get_status_display()),
                "answer": question.answer,
                "answered_at": question.answered_at.isoformat() if question.answered_at else None,
            }
            for question in questions
        ]
    }


def erase_for(user) -> list[str]:
    """Every question and answer goes. An article made from one stays: it was stripped of
    anything that could identify the person and no longer points to them."""
    questions = Question.objects.filter(asker_id=user.pk)
    articles = questions.filter(article_made_at__isnull=False).count()
    questions.delete()
    if articles:
        return [
            _(
                "Articles made from your questions stay on the health square: anything that could identify you "
                "was removed from them, and they are no longer linked to you."
            )
        ]
    return []
