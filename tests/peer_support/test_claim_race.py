import threading

import pytest
from django.db import connection

from core.errors import DomainError
from peer_support.models import SupportRequest
from peer_support.services.requests import support_request_claim


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_supporters_claiming_at_once_only_one_wins(alice, bob, carol, ask):
    request = ask()
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(supporter):
        try:
            barrier.wait()
            support_request_claim(support_request=SupportRequest.objects.get(pk=request.pk), supporter=supporter)
            outcomes.append(("won", supporter.pk))
        except DomainError:
            outcomes.append(("lost", supporter.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in (bob, carol)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o for o, _ in outcomes) == ["lost", "won"]
    winner = next(pk for o, pk in outcomes if o == "won")
    assert SupportRequest.objects.get(pk=request.pk).assigned_to_id == winner


def test_a_second_claim_after_the_first_is_refused(alice, bob, carol, ask):
    request = ask()
    support_request_claim(support_request=request, supporter=bob)
    with pytest.raises(DomainError):
        support_request_claim(support_request=SupportRequest.objects.get(pk=request.pk), supporter=carol)
    assert SupportRequest.objects.get(pk=request.pk).assigned_to == bob
