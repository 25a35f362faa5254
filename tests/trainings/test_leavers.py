"""Someone who leaves gives up their coming places, and the next person is offered the seat."""

from accounts.models import AccountClosure
from accounts.roles import Role
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


def test_a_leaving_trainers_coming_sessions_go_to_the_wellbeing_officer_until_given_to_another(
    client, make_session, tess, wim, alice
):
    from django.urls import reverse

    from accounts.models import HandoverItem
    from tests.factories import UserFactory

    coming = make_session(days=10)
    services.enrolment_create(session=coming, user=alice)
    past = make_session(starts_at=coming.starts_at.replace(year=coming.starts_at.year - 1))

    account_close(user=tess, by=None, reason=AccountClosure.Reason.ADMIN)

    items = HandoverItem.objects.filter(kind=HandoverItem.Kind.TRAINING)
    assert [item.object_id for item in items] == [str(coming.pk)]  # not the past one
    assert str(past.pk) not in {item.object_id for item in items}
    coming.refresh_from_db()
    assert coming.status == coming.Status.SCHEDULED  # the people enrolled keep their place
    assert Enrolment.objects.filter(session=coming, user=alice, status=Enrolment.Status.ENROLLED).exists()

    client.force_login(wim)
    html = client.get("/people/handover/").content.decode()
    assert "Mental resilience training" in html and "Training sessions they give" in html
    assert reverse("trainings:session_edit", args=[coming.pk]) in html
    assert "Alice" not in html  # nobody enrolled is named

    # Given to another trainer on the session's own page: the line drops off by itself.
    other = UserFactory(first_name="Toon", roles=[Role.TRAINER])
    coming.trainer = other
    coming.save(update_fields=["trainer"])
    html = client.get("/people/handover/").content.decode()
    assert reverse("trainings:session_edit", args=[coming.pk]) not in html


def test_a_coordinator_is_not_handed_a_leaving_trainers_sessions(client, make_session, tess, carol):
    make_session(days=10)
    account_close(user=tess, by=None, reason=AccountClosure.Reason.ADMIN)
    client.force_login(carol)
    assert "Mental resilience training" not in client.get("/people/handover/").content.decode()
