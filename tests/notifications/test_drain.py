"""The outbox drains at the mail server's speed (issue 16): batch after batch while messages
are due, one SMTP connection per batch, a few queries per batch rather than per message, and an
urgent message in the very next batch of a drain that is running."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from notifications.benchmark import Sink, free_port
from notifications.email import message_id
from notifications.services import DRAIN_SLOT_LOCK, drain_slot, message_schedule, messages_dispatch, messages_drain
from notifications.tasks import dispatch_due_messages, dispatch_urgent_messages
from tests.factories import UserFactory

LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def person(db):
    return UserFactory(email="eve@example.org", language="en", time_zone="Europe/Amsterdam")


def reminder(person, n, due=LONG_AGO, **kwargs):
    return message_schedule(
        key=f"appointment:{n}:reminder-24h:x", template="portal_notice", recipient=person, due_at=due, **kwargs
    )


def test_a_drain_keeps_claiming_batches_until_nothing_is_due(person, settings):
    settings.OUTBOX_BATCH_SIZE = 10
    for n in range(35):
        reminder(person, n)
    result, more = messages_drain()
    assert (result.sent, more) == (35, False)
    assert len(mail.outbox) == 35


def test_a_drain_that_runs_out_of_time_queues_another(person, settings):
    settings.OUTBOX_BATCH_SIZE = 10
    for n in range(35):
        reminder(person, n)
    settings.OUTBOX_DRAIN_SECONDS = 0  # one batch, then its time is up
    with mock.patch.object(dispatch_due_messages, "delay") as again:
        assert dispatch_due_messages.apply().get()["sent"] == 10
    again.assert_called_once_with()


def test_an_urgent_message_goes_in_the_next_batch_of_a_running_drain(person, settings):
    settings.OUTBOX_BATCH_SIZE = 10
    for n in range(40):
        reminder(person, n)
    order = []
    real_send = LocmemBackend.send_messages

    def send(backend, messages):
        order.append(messages[0].extra_headers["Message-ID"])
        if len(order) == 5:  # an alert is scheduled while the first batch is on the wire
            urgent_rows.append(reminder(person, 1000, due=dt.datetime(2026, 1, 2, tzinfo=dt.UTC), urgent=True))
        return real_send(backend, messages)

    urgent_rows = []
    with (
        mock.patch.object(LocmemBackend, "send_messages", send),
        mock.patch("notifications.services._queue_urgent_dispatch"),
    ):
        messages_drain()
    assert order.index(message_id(urgent_rows[0])) == 10  # first of the second batch
    assert len(order) == 41


def test_a_batch_sends_all_its_mail_on_one_smtp_connection(person, settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.OUTBOX_BATCH_SIZE = 30
    rows = [reminder(person, n) for n in range(45)]
    opened = []
    real_open = SMTPBackend.open

    def open_and_count(backend):
        created = real_open(backend)
        if created:
            opened.append(backend)
        return created

    with Sink(port) as sink, mock.patch.object(SMTPBackend, "open", open_and_count):
        result, more = messages_drain()
        counts = dict(sink.counts)
    assert (result.sent, more) == (45, False)
    assert len(opened) == 2  # two batches, one connection each: not one per e-mail
    assert counts == {message_id(row): 1 for row in rows}


def test_a_batch_asks_the_database_a_few_times_not_once_per_message(person, django_assert_max_num_queries):
    for n in range(100):
        reminder(person, n)
    with django_assert_max_num_queries(20):
        assert messages_dispatch().sent == 100


def test_a_mail_server_that_ends_a_used_connection_is_not_an_outage(person, settings):
    """Postfix and Exchange close a connection after so many messages: the channel reopens it
    once and goes on, nobody waits for an outage that is not there."""
    import smtplib

    from notifications.channels import email as email_channel
    from notifications.models import ChannelOutage, OutboxMessage

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rows = [reminder(person, n) for n in range(5)]
    real_send = email_channel.send_templated_email
    calls = []

    def closes_after_two(message):
        calls.append(message.pk)
        if len(calls) == 3:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message)

    mail.outbox = []
    with mock.patch.object(email_channel, "send_templated_email", closes_after_two):
        result, more = messages_drain()
    assert result.sent == 5 and not more
    assert not ChannelOutage.objects.exists()
    assert OutboxMessage.objects.filter(pk__in=[row.pk for row in rows], sent_at__isnull=False).count() == 5
    assert sorted(message.extra_headers["Message-ID"] for message in mail.outbox) == sorted(
        message_id(row) for row in rows
    )


def test_a_mail_server_that_refuses_a_new_connection_is_an_outage(person, settings):
    import smtplib

    from notifications.channels import ChannelUnavailable
    from notifications.channels.email import EmailChannel

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = reminder(person, 1)
    with mock.patch(
        "notifications.channels.email.send_templated_email", side_effect=smtplib.SMTPServerDisconnected("gone")
    ):
        with pytest.raises(ChannelUnavailable):
            EmailChannel().send(row)


# --- At most OUTBOX_MAX_DRAINS drains side by side ----------------------------------------


@pytest.fixture
def other_workers(db):
    """Other worker processes: each its own PostgreSQL session, able to hold a drain slot."""
    from django.db import connection

    sessions = []

    def hold(*slots):
        for slot in slots:
            session = connection.Database.connect(**connection.get_connection_params())
            session.autocommit = True
            sessions.append(session)
            with session.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [DRAIN_SLOT_LOCK, slot])
                assert cursor.fetchone()[0], f"slot {slot} was already taken"

    yield hold
    for session in sessions:
        session.close()


@pytest.mark.postgres
def test_a_drain_that_finds_every_slot_taken_returns_at_once(person, settings, other_workers):
    settings.OUTBOX_MAX_DRAINS = 3
    for n in range(5):
        reminder(person, n)
    other_workers(0, 1, 2)
    with mock.patch.object(dispatch_due_messages, "delay") as again:
        outcome = dispatch_due_messages.apply().get()
    assert outcome["busy"] is True and outcome["sent"] == 0
    assert mail.outbox == []
    again.assert_not_called()  # the running drains re-queue themselves; a busy one adds nothing


@pytest.mark.postgres
def test_a_drain_takes_the_free_slot_and_gives_it_back(person, settings, other_workers):
    from django.db import connection

    settings.OUTBOX_MAX_DRAINS = 3
    for n in range(5):
        reminder(person, n)
    other_workers(0, 2)
    seen = []
    real_drain = messages_drain

    def drain(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND pid = pg_backend_pid()",
                [DRAIN_SLOT_LOCK],
            )
            seen.extend(row[0] for row in cursor.fetchall())
        return real_drain(**kwargs)

    with mock.patch("notifications.tasks.messages_drain", drain):
        assert dispatch_due_messages.apply().get()["sent"] == 5
    assert seen == [1]  # the one slot free, held while it drained
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone() == (0,)  # given back: the connection stays for the next task


@pytest.mark.postgres
def test_urgent_dispatch_is_never_held_up_by_the_cap(person, settings, other_workers):
    settings.OUTBOX_MAX_DRAINS = 2
    reminder(person, 1)
    alert = reminder(person, 2, urgent=True)
    other_workers(0, 1)
    assert dispatch_due_messages.apply().get()["busy"] is True
    assert dispatch_urgent_messages.apply().get()["sent"] == 1
    assert [email.extra_headers["Message-ID"] for email in mail.outbox] == [message_id(alert)]


def test_on_sqlite_or_with_no_cap_every_drain_runs(person, settings):
    settings.OUTBOX_MAX_DRAINS = 0
    reminder(person, 1)
    with drain_slot() as slot:
        assert slot == 0
        assert dispatch_due_messages.apply().get()["sent"] == 1
