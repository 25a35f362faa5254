"""The outbox in the Django admin: an administrator who is not a superuser sees that there are
messages and can retry failed ones, but never to whom they go or what kind they are."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from notifications.models import OutboxMessage
from notifications.services import message_schedule
from tests.factories import UserFactory, with_totp

LIST = reverse("admin:notifications_outboxmessage_changelist")
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def change_url(message):
    return reverse("admin:notifications_outboxmessage_change", args=[message.pk])


@pytest.fixture
def administrator(org):
    """The "admin" role: manages accounts and the outbox, but is no superuser."""
    return with_totp(UserFactory(email="ada@example.org", first_name="Ada", roles=[Role.ADMIN], is_staff=True))


@pytest.fixture
def plan_message(alice):
    """A message that, read in full, says that Alice is in follow-up after an incident."""
    message = message_schedule(
        key="ps:plan:5:start", template="peer_support_plan_start", recipient=alice, due_at=NOW, language="nl"
    )
    OutboxMessage.objects.filter(pk=message.pk).update(last_error="SMTPRecipientsRefused('alice@example.org')")
    return message


def _private_words(message, alice):
    return [alice.email, alice.first_name, alice.last_name, "peer_support_plan_start", message.key]


def test_the_list_shows_an_administrator_no_recipient_key_or_template(client, administrator, alice, plan_message):
    client.force_login(administrator)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert change_url(plan_message) in page  # the row is there, by its id
    for word in _private_words(plan_message, alice):
        assert word not in page, word


def test_the_change_page_shows_an_administrator_no_recipient_key_or_template(
    client, administrator, alice, plan_message
):
    client.force_login(administrator)
    response = client.get(change_url(plan_message))
    assert response.status_code == 200
    page = response.content.decode()
    for word in [*_private_words(plan_message, alice), "SMTPRecipientsRefused"]:
        assert word not in page, word


def test_a_superuser_sees_recipient_key_and_template(admin_client, alice, plan_message):
    page = admin_client.get(LIST).content.decode()
    assert "peer_support_plan_start" in page and plan_message.key in page
    page = admin_client.get(change_url(plan_message)).content.decode()
    assert alice.email in page and "peer_support_plan_start" in page and plan_message.key in page


@pytest.mark.parametrize(
    "query",
    ["recipient={alice}", "recipient__id__exact={alice}", "template=peer_support_plan_start", "key__startswith=a"],
)
def test_an_administrator_cannot_filter_by_recipient_template_or_key_in_the_url(
    client, administrator, alice, plan_message, query
):
    # The admin allows a lookup on any field in the URL and answers with a count.
    client.force_login(administrator)
    response = client.get(f"{LIST}?{query.format(alice=alice.pk)}")
    assert response.status_code == 400


def test_a_superuser_may_filter_by_recipient(admin_client, alice, plan_message):
    response = admin_client.get(f"{LIST}?recipient__id__exact={alice.pk}")
    assert response.status_code == 200 and change_url(plan_message) in response.content.decode()


def test_an_administrator_searches_by_id_only(client, administrator, alice, plan_message):
    client.force_login(administrator)
    assert change_url(plan_message) in client.get(LIST, {"q": str(plan_message.pk)}).content.decode()
    for term in ["peer_support_plan_start", "alice", "ps:plan:5:start", plan_message.key[:24]]:
        assert change_url(plan_message) not in client.get(LIST, {"q": term}).content.decode(), term


def test_a_superuser_finds_a_message_by_its_readable_key_or_prefix(admin_client, plan_message):
    for term in ["ps:plan:5:start", "ps:plan:5:"]:
        assert change_url(plan_message) in admin_client.get(LIST, {"q": term}).content.decode(), term
    assert change_url(plan_message) not in admin_client.get(LIST, {"q": "ps:plan:6:"}).content.decode()


def test_an_administrator_retries_a_failed_message_by_its_id(client, administrator, plan_message, alice):
    other = message_schedule(key="ps:plan:6:start", template="peer_support_plan_start", recipient=alice, due_at=NOW)
    OutboxMessage.objects.update(status=OutboxMessage.Status.FAILED, attempts=5)
    client.force_login(administrator)
    response = client.post(
        LIST, {"action": "retry_failed", "_selected_action": [plan_message.pk], "index": 0}, follow=True
    )
    assert response.status_code == 200
    plan_message.refresh_from_db()
    other.refresh_from_db()
    assert (plan_message.status, plan_message.attempts) == (OutboxMessage.Status.PENDING, 0)
    assert other.status == OutboxMessage.Status.FAILED


def test_an_outbox_message_names_itself_by_its_id_only(plan_message):
    assert str(plan_message) == f"#{plan_message.pk}"
