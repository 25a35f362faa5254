"""Erasure (GDPR art. 17): the person asks, the wellbeing officer or the data protection
officer carries it out or declines it; everything audited; the person reads the outcome and
gets a neutral e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from checkups.models import Booking, SessionNote
from core.models import AuditEntry
from dataprotection.models import ErasureRequest
from dataprotection.services import erasure_request_carry_out, erasure_request_create
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from peer_support.models import IncidentLogEntry, SupportRequest

pytestmark = pytest.mark.django_db


def _ask(client, person, **data):
    client.force_login(person)
    return client.post(reverse("dataprotection:erasure_ask"), {"reason": "", **data})


def test_the_person_asks_once_and_sees_the_request_waiting(client, alice):
    response = _ask(client, alice, reason="I am leaving the service")
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get(person=alice)
    assert erasure.status == "open" and erasure.reason == "I am leaving the service"
    assert AuditEntry.objects.filter(subject=alice, action="dataprotection.erasure_asked").exists()

    _ask(client, alice)  # a second time: refused with a message, nothing new
    assert ErasureRequest.objects.filter(person=alice).count() == 1
    page = client.get(reverse("dataprotection:mine")).content.decode()
    assert "Waiting to be handled" in page and "Ask for erasure" not in page


def test_a_reason_that_is_too_long_changes_nothing(client, alice):
    _ask(client, alice, reason="x" * 1001)
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("handler", ["dana", "wim"])
def test_the_officer_carries_it_out_every_app_erases_and_the_person_reads_the_outcome(
    client, world, alice, handler, request, django_capture_on_commit_callbacks
):
    handler = request.getfixturevalue(handler)
    erasure = erasure_request_create(person=alice, reason="")
    booking = world.booking  # a talk that took place: her own note on it goes, the psychologist's stays
    past = timezone.now() - dt.timedelta(days=3)
    Booking.objects.filter(pk=booking.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=1))
    client.force_login(handler)

    assert client.get(reverse("dataprotection:requests")).status_code == 200
    assert client.get(reverse("dataprotection:request_detail", args=[erasure.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dataprotection:request_carry_out", args=[erasure.pk]))
    assert response.status_code == 302

    erasure.refresh_from_db()
    assert erasure.status == "done" and erasure.handled_by == handler
    assert not IncidentLogEntry.all_objects.filter(owner=alice).exists()
    booking.refresh_from_db()
    assert booking.note == ""
    assert SessionNote.objects.filter(booking__employee=alice).exists()  # the psychologist's record
    assert any("incident log" in line for line in erasure.removed)
    assert any("record of your care" in line for line in erasure.kept)
    assert any("access log" in line for line in erasure.kept)
    assert any("cannot be tied to you" in line for line in erasure.kept)
    assert AuditEntry.objects.filter(subject=alice, actor=handler, action="dataprotection.erasure_done").exists()
    alice.refresh_from_db()
    assert alice.is_active  # she did not ask to close the account

    client.force_login(alice)
    page = client.get(reverse("dataprotection:mine")).content.decode()
    assert "Carried out" in page and "What is kept, and why" in page and "record of your care" in page

    messages_dispatch()
    [email] = [m for m in mail.outbox if m.subject == "Your request has been handled"]
    assert email.to == ["alice@example.org"]
    for word in ("erase", "psycholog", "incident", "health", "care"):
        assert word not in email.subject.lower() and word not in email.body.lower()


def test_open_requests_for_help_are_kept_and_finished_ones_lose_the_message(world, alice, dana):
    SupportRequest.objects.filter(requester=alice).update(status="closed")
    erasure = erasure_request_carry_out(request=erasure_request_create(person=alice), by=dana)
    assert set(SupportRequest.objects.filter(requester=alice).values_list("message", flat=True)) == {""}
    assert any("notes are kept" in line for line in erasure.kept)


def test_asking_to_close_the_account_closes_it_and_the_mail_goes_to_the_address(alice, dana):
    erasure = erasure_request_create(person=alice, close_account=True)
    erasure_request_carry_out(request=erasure, by=dana)
    alice.refresh_from_db()
    assert not alice.is_active and alice.closures.get().reason == "erasure"
    message = OutboxMessage.objects.get(template="data_request_handled")
    assert message.recipient is None and message.to_email == "alice@example.org"
    messages_dispatch()
    assert "account is closed" in mail.outbox[-1].body


def test_a_declined_request_tells_the_person_why(client, alice, dana):
    erasure = erasure_request_create(person=alice)
    client.force_login(dana)
    url = reverse("dataprotection:request_decline", args=[erasure.pk])
    client.post(url, {"reason": ""})  # a reason is required: nothing happens
    erasure.refresh_from_db()
    assert erasure.status == "open"

    client.post(url, {"reason": "Your appointments next week must stay."})
    erasure.refresh_from_db()
    assert erasure.status == "declined"
    assert AuditEntry.objects.filter(subject=alice, action="dataprotection.erasure_declined").exists()
    client.force_login(alice)
    assert "Your appointments next week must stay." in client.get(reverse("dataprotection:mine")).content.decode()


def test_a_handled_request_cannot_be_handled_again(client, alice, dana):
    erasure = erasure_request_carry_out(request=erasure_request_create(person=alice), by=dana)
    client.force_login(dana)
    client.post(reverse("dataprotection:request_decline", args=[erasure.pk]), {"reason": "no"})
    erasure.refresh_from_db()
    assert erasure.status == "done"


@pytest.mark.parametrize("role", ["alice", "bob", "carol", "petra", "mona", "connie", "charlie"])
def test_only_the_officer_and_the_data_protection_officer_handle_requests(client, role, request, alice):
    erasure = erasure_request_create(person=alice)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("dataprotection:requests")).status_code == 403
    assert client.get(reverse("dataprotection:request_detail", args=[erasure.pk])).status_code == 403
    assert client.post(reverse("dataprotection:request_carry_out", args=[erasure.pk])).status_code == 403
    erasure.refresh_from_db()
    assert erasure.status == "open"


def test_a_handler_cannot_open_or_carry_out_their_own_request(client, dana):
    erasure = erasure_request_create(person=dana)
    client.force_login(dana)
    assert client.get(reverse("dataprotection:request_detail", args=[erasure.pk])).status_code == 404
    assert client.post(reverse("dataprotection:request_carry_out", args=[erasure.pk])).status_code == 404
    assert client.get(reverse("dataprotection:request_detail", args=[999999])).status_code == 404


def test_opening_a_request_is_in_the_persons_access_log(client, alice, dana):
    erasure = erasure_request_create(person=alice)
    client.force_login(dana)
    client.get(reverse("dataprotection:request_detail", args=[erasure.pk]))
    assert AuditEntry.objects.filter(subject=alice, actor=dana, action="dataprotection.erasure_viewed").exists()


def test_the_list_costs_the_same_queries_for_one_or_many_requests(client, dana, org, django_assert_max_num_queries):
    from accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(dana)
    erasure_request_create(person=UserFactory(unit=org["team_a"], roles=[Role.EMPLOYEE]))
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("dataprotection:requests"))
    for _ in range(10):
        erasure_request_create(person=UserFactory(unit=org["team_a"], roles=[Role.EMPLOYEE]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("dataprotection:requests"))


@pytest.mark.parametrize("handler", ["dana", "wim"])
def test_the_handler_sees_that_it_was_carried_out_but_not_what_was_removed_or_kept(
    client, world, alice, handler, request
):
    handler = request.getfixturevalue(handler)
    erasure = erasure_request_carry_out(request=erasure_request_create(person=alice), by=handler)
    assert any("incident log" in line for line in erasure.removed)
    client.force_login(handler)
    page = client.get(reverse("dataprotection:request_detail", args=[erasure.pk])).content.decode()
    assert "Carried out" in page and "Every part of the portal ran its erasure" in page
    assert "What was removed" not in page and "What is kept, and why" not in page
    for line in erasure.removed + erasure.kept:
        assert line not in page
    assert "incident log" not in page and "record of your care" not in page

    client.force_login(alice)  # the person still reads every line
    page = client.get(reverse("dataprotection:mine")).content.decode()
    assert "What was removed" in page and "incident log" in page


def test_the_wellbeing_officer_handles_only_requests_of_their_own_organisation(client, org, alice, wim, dana):
    from accounts.models import OrganisationUnit
    from accounts.roles import Role
    from tests.factories import UserFactory, unit_create

    elsewhere = unit_create(name="Prison service", kind="national")
    assert OrganisationUnit.objects.filter(pk=elsewhere.pk, path__startswith=org["national"].path).count() == 0
    stranger = UserFactory(email="stranger@example.org", first_name="Stranger", unit=elsewhere, roles=[Role.EMPLOYEE])
    own = erasure_request_create(person=alice)
    other = erasure_request_create(person=stranger)

    client.force_login(wim)
    listed = [r.pk for r in client.get(reverse("dataprotection:requests")).context["page"]]
    assert listed == [own.pk]
    assert client.get(reverse("dataprotection:request_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("dataprotection:request_carry_out", args=[other.pk])).status_code == 404
    assert client.post(reverse("dataprotection:request_decline", args=[other.pk]), {"reason": "No"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "open"
    assert not AuditEntry.objects.filter(subject=stranger, actor=wim).exists()

    client.force_login(dana)  # the data protection officer sees every organisation's
    listed = {r.pk for r in client.get(reverse("dataprotection:requests")).context["page"]}
    assert listed == {own.pk, other.pk}
    assert client.get(reverse("dataprotection:request_detail", args=[other.pk])).status_code == 200
