"""Races on real PostgreSQL: the asker's row lock keeps the limit of waiting questions."""

import pytest

from core.errors import DomainError
from experts import services
from experts.models import Question, Topic
from tests.concurrency import run_at_once

ATTEMPTS = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_asks_at_once_by_one_person_leave_at_most_the_limit_waiting(alice):
    def ask(number):
        return services.question_ask(asker=alice, topic=Topic.SLEEP, text=f"Question {number}", show_name=False)

    results = run_at_once([(lambda n=n: ask(n)) for n in range(ATTEMPTS)])
    asked = [r for r in results if isinstance(r, Question)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(asked) == services.WAITING_QUESTIONS_MAX, results
    assert len(refused) == ATTEMPTS - services.WAITING_QUESTIONS_MAX, results
    assert (
        Question.objects.filter(asker=alice, status=Question.Status.WAITING).count() == services.WAITING_QUESTIONS_MAX
    )
