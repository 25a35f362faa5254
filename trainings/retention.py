"""Retention rules for trainings records (applied by the daily retention task).

Enrolments (who signed up, who waited) are kept two years after the session. Completions of
a course that is required of some role are part of the job record and are kept while the
account exists; completions of voluntary programmes are kept five years.
"""

import datetime as dt

from core.retention import retention_rule

ENROLMENT_DAYS = 730
VOLUNTARY_COMPLETION_DAYS = 5 * 365


@retention_rule("trainings.enrolments")
def delete_old_enrolments(now) -> int:
    from .models import Enrolment

    deleted, _ = Enrolment.objects.filter(session__starts_at__lt=now - dt.timedelta(days=ENROLMENT_DAYS)).delete()
    return deleted


@retention_rule("trainings.voluntary_completions")
def delete_old_voluntary_completions(now) -> int:
    from .models import Completion, Requirement

    required = Requirement.objects.values("course_id")
    cutoff = (now - dt.timedelta(days=VOLUNTARY_COMPLETION_DAYS)).date()
    deleted, _ = Completion.objects.filter(completed_on__lt=cutoff).exclude(course_id__in=required).delete()
    return deleted
