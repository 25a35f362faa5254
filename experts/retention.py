"""Retention rule of questions to the psychologists (applied by the daily retention task).

Answered questions go a year after the answer (ANSWERED_RETENTION_DAYS); a withdrawn one is
deleted at once by `question_withdraw`."""

from core.retention import retention_rule


@retention_rule("experts.questions")
def delete_old_questions(now) -> int:
    from .services import questions_delete_expired

    return questions_delete_expired(now=now)
