"""Races on real PostgreSQL: the asker's row lock keeps the limit of waiting questions."""

import threading

import pytest
from django.db import connection

from core.errors import DomainError
from experts import services
from experts.models import Question, Topic

ATTEMPTS = 10


def _run_at_once(workers):
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_asks_at_once_by_one_person_leave_at_most_the_limit_waiting(alice):
    def ask(number):
        return services.question_ask(asker=alice, topic=Topic.SLEEP, text=f"Question {number}", show_name=False)

    results = _run_at_once([(lambda n=n: ask(n)) for n in range(ATTEMPTS)])
    asked = [r for r in results if isinstance(r, Question)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(asked) == services.WAITING_QUESTIONS_MAX, results
    assert len(refused) == ATTEMPTS - services.WAITING_QUESTIONS_MAX, results
    assert (
        Question.objects.filter(asker=alice, status=Question.Status.WAITING).count() == services.WAITING_QUESTIONS_MAX
    )
