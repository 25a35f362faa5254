"""What someone who leaves hands back here (registered with `accounts.leaving`).

A psychologist's taken questions go back to the team's queue; nothing needs handing over,
since any psychologist answers from the queue. The leaver's own waiting questions are
deleted: nobody could read an answer any more.
"""

import datetime as dt

from accounts.leaving import OpenWork, leaver_work

from .models import Question


@leaver_work("experts.questions", order=70)
def questions_of_leaver(*, user, now: dt.datetime) -> list[OpenWork]:
    Question.objects.filter(claimed_by=user, status=Question.Status.WAITING).update(claimed_by=None)
    Question.objects.filter(asker=user, status=Question.Status.WAITING).delete()
    return []
