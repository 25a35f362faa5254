"""Someone who leaves gives up their coming places, and the next person is offered the seat."""

from accounts.models import AccountClosure
from accounts.services import account_close
from trainings import services
from trainings.models import Enrolment


def test_a_leavers_place_goes_to_the_next_person_on_the_wait_list(make_session, alice, charlie, bob):
    session = make_session(capacity=1)
    place = services.enrolment_create(session=session, user=alice)
    waiting = services.enrolment_create(session=session, user=charlie, wait_if_full=True)
    assert waiting.status == Enrolment.Status.WAITING

    account_close(user=alice, by=None, reason=AccountClosure.Reason.ADMIN)

    place.refresh_from_db()
    waiting.refresh_from_db()
    assert place.status == Enrolment.Status.CANCELLED
    assert waiting.status == Enrolment.Status.OFFERED and waiting.offer_expires_at is not None


def test_a_leavers_wait_list_place_and_offer_are_given_up_too(make_session, alice, charlie, bob):
    full = make_session(capacity=1)
    services.enrolment_create(session=full, user=bob)
    waiting = services.enrolment_create(session=full, user=alice, wait_if_full=True)

    account_close(user=alice, by=None, reason=AccountClosure.Reason.ADMIN)

    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CANCELLED
    assert Enrolment.objects.filter(user=bob, status=Enrolment.Status.ENROLLED).count() == 1
