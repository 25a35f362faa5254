"""Who may see which question. Views load questions only through these helpers, which return
the question or raise Http404 (existence never leaks).

- The asker reads their own question and its answer.
- The psychologists' team reads the open questions and the ones they answered. Team is
  membership of the psychologist role, not a permission, so that a superuser (who holds
  every permission) is on nobody's team and reads nobody's question.
- Who asked is shown to the team only when the asker chose to show their name, and every
  time it is shown an audit entry is written (`asker_for_team`). A question without a name
  writes no audit entry about its asker at all: an entry would link the question to the
  person for whoever reads the audit table.
- Only the psychologists' team makes articles (the asker was told that only the team reads
  the question): they see only answered questions whose asker consented, and never who asked.
  The draft then goes to an editor of the health square, who sees the edited texts only.
"""

from django.http import Http404

from accounts.roles import Role
from core.audit import audit_record

from .models import Question

ACTION_ASKER_SEEN = "experts.asker.view"
ACTION_ANSWERED = "experts.question.answer"


def on_team(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PSYCHOLOGIST)


def may_publish(user) -> bool:
    """The team only: the article form shows the raw question and answer."""
    return on_team(user)


def question_for_asker(user, pk) -> Question:
    question = Question.objects.filter(pk=pk, asker_id=user.pk).first()
    if question is None:
        raise Http404
    return question


def question_for_team(user, pk) -> Question:
    """A question the team may read: open, or answered (the answer is theirs to look back on)."""
    if not on_team(user):
        raise Http404
    question = Question.objects.filter(pk=pk).exclude(asker_id=user.pk).select_related("claimed_by").first()
    if question is None:
        raise Http404
    return question


def asker_for_team(user, question: Question):
    """The asker, for a team member's page, if the asker chose to show their name; else None.

    Showing it writes an audit entry about the asker, which they read in their access log."""
    if not question.show_name or not on_team(user):
        return None
    asker = question.asker
    audit_record(actor=user, action=ACTION_ASKER_SEEN, obj=question, subject=asker)
    return asker


def question_for_publisher(user, pk) -> Question:
    """An answered question whose asker consented and that has no article yet."""
    if not may_publish(user):
        raise Http404
    question = Question.objects.filter(
        pk=pk, status=Question.Status.ANSWERED, consent_to_publish=True, article_made_at__isnull=True
    ).first()
    if question is None:
        raise Http404
    return question
