"""Faults, each injected by a test (issue 16): the outbox in PostgreSQL is the truth, so a lost
broker, a killed worker, a second beat or an hour without the mail server or the SMS gateway
loses nothing and sends nothing twice (except, for a killed worker, at most once more each,
with the same Message-ID). Appointment-specific faults: tests/checkups/test_outbox_faults.py.
"""

import datetime as dt
import threading
from collections import Counter
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

from notifications.benchmark import Sink, free_port
from notifications.channels.sms import TwilioSMS
from notifications.email import message_id
from notifications.models import ChannelOutage, OutboxMessage
from notifications.services import message_schedule, messages_dispatch
from notifications.tasks import dispatch_due_messages
from tests.factories import UserFactory
from tests.notifications.test_channels import NUMBER, Gateway
from wellbeing.celery import app

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
# A Redis database of its own, which the test may flush without touching anyone's broker.
FAULT_BROKER = "redis://127.0.0.1:6379/14"


@pytest.fixture
def person(db):
    return UserFactory(email="eve@example.org", language="en", time_zone="Europe/Amsterdam")


def reminder(person, n, due=NOW, **kwargs):
    return message_schedule(
        key=f"appointment:{n}:reminder-24h:x", template="portal_notice", recipient=person, due_at=due, **kwargs
    )


def message_ids_sent() -> Counter:
    return Counter(email.extra_headers["Message-ID"] for email in mail.outbox)


class Killed(BaseException):
    """The worker process is killed (SIGKILL): nothing after this line of it runs."""


class TestBrokerLost:
    @pytest.fixture
    def broker(self):
        redis = pytest.importorskip("redis")
        client = redis.Redis.from_url(FAULT_BROKER)
        try:
            client.ping()
        except redis.ConnectionError:
            pytest.fail("Redis must run on 127.0.0.1:6379 for this test (CI starts it).")
        client.flushdb()
        yield client
        client.flushdb()

    def beat_tick(self):
        """What beat does each minute: put the dispatch task in the broker."""
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            with app.connection_for_write(FAULT_BROKER) as conn:
                dispatch_due_messages.apply_async(connection=conn)
        finally:
            app.conf.task_always_eager = eager

    def worker_runs_what_is_queued(self) -> int:
        """What a worker does: take each queued task from Redis and run it."""
        ran = 0
        with app.connection_for_read(FAULT_BROKER) as conn:
            queue = conn.SimpleQueue("celery")
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                app.tasks[message.headers["task"]].apply()
                message.ack()
                ran += 1
            queue.close()
        return ran

    def test_reminders_scheduled_before_redis_was_flushed_each_go_out_once(self, person, broker):
        for n in range(3):
            reminder(person, n)
        reminder(person, 99, due=NOW + dt.timedelta(hours=1))
        with time_machine.travel(NOW, tick=False):
            self.beat_tick()
            assert broker.llen("celery") == 1  # the dispatch is queued in Redis...
            broker.flushdb()  # ...and Redis is flushed (or restarted without its data) before a worker took it
            assert self.worker_runs_what_is_queued() == 0
            assert mail.outbox == []
            assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 4

        with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
            self.beat_tick()  # beat's next minute finds the due rows in PostgreSQL again
            assert self.worker_runs_what_is_queued() == 1
            self.beat_tick()
            self.worker_runs_what_is_queued()
        assert len(mail.outbox) == 3
        assert set(message_ids_sent().values()) == {1}
        with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
            self.beat_tick()
            self.worker_runs_what_is_queued()
        assert len(mail.outbox) == 4 and set(message_ids_sent().values()) == {1}


class TestWorkerKilledMidBatch:
    def test_the_claimed_messages_go_out_after_the_lease_at_most_once_more_each(self, person, settings):
        rows = [reminder(person, n, due=NOW - dt.timedelta(seconds=60 - n)) for n in range(50)]
        real_send = LocmemBackend.send_messages

        def send_then_die_at_the_33rd(backend, messages):
            sent = real_send(backend, messages)
            if len(mail.outbox) == 33:
                raise Killed  # after the 33rd mail left, before its chunk was marked sent
            return sent

        with mock.patch.object(LocmemBackend, "send_messages", send_then_die_at_the_33rd):
            with pytest.raises(Killed):
                messages_dispatch(now=NOW)
        assert len(mail.outbox) == 33
        marked = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()
        assert marked == 20  # the first chunk; the second (13 sent) was never marked

        # Another worker: nothing of the dead worker's claim goes before the lease ends.
        assert messages_dispatch(now=NOW + dt.timedelta(seconds=10)).sent == 0
        after_lease = NOW + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
        assert messages_dispatch(now=after_lease).sent == 30
        counts = message_ids_sent()
        assert set(counts) == {message_id(row) for row in rows}  # none lost
        assert max(counts.values()) == 2 and sum(1 for n in counts.values() if n == 2) == 13  # once more, at most
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_by_mistake_send_nothing_twice(settings):
    settings.OUTBOX_BATCH_SIZE = 7
    person = UserFactory(email="eve@example.org")
    rows = [reminder(person, n, due=NOW) for n in range(120)]
    barrier = threading.Barrier(2)
    results = []

    def beat_process():
        barrier.wait()
        try:
            results.append(dispatch_due_messages.apply().get())  # rows are due: NOW is in the past
        finally:
            connection.close()

    threads = [threading.Thread(target=beat_process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = message_ids_sent()
    assert set(counts) == {message_id(row) for row in rows}
    assert set(counts.values()) == {1}
    assert sum(result["sent"] for result in results) == 120
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 120


class TestServersDownForAnHour:
    @pytest.fixture
    def smtp_port(self, settings):
        port = free_port()  # nothing listens there: the mail server is down
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return port

    def test_mail_waits_through_an_hour_without_the_mail_server_then_goes_in_order_each_once(self, person, smtp_port):
        rows = [reminder(person, n, due=NOW + dt.timedelta(minutes=n)) for n in range(0, 60, 6)]
        moment = NOW
        while moment < NOW + dt.timedelta(hours=1):  # beat, every minute, for an hour
            if moment == NOW + dt.timedelta(minutes=30):
                alert = reminder(person, 500, due=moment, urgent=True)
            messages_dispatch(now=moment)
            moment += dt.timedelta(minutes=1)
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 11  # none failed
        # Only the first in line tried the server, with back-off: the first reminder, then the
        # urgent message, which goes before it from the moment it is due. The others waited.
        tried = dict(OutboxMessage.objects.exclude(attempts=0).values_list("pk", "attempts"))
        assert set(tried) == {rows[0].pk, alert.pk}
        assert max(tried.values()) <= 8
        assert ChannelOutage.objects.get(channel="email").until > NOW + dt.timedelta(minutes=45)

        with Sink(smtp_port) as sink:  # the mail server is back
            while OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
                messages_dispatch(now=moment)
                moment += dt.timedelta(minutes=1)
            arrived = sorted(sink.arrived, key=sink.arrived.get)
            counts = dict(sink.counts)
        assert moment <= NOW + dt.timedelta(hours=1, minutes=16)  # within the longest back-off of its return
        expected = [message_id(alert)] + [message_id(row) for row in rows]  # urgent first, then by due time
        assert arrived == expected
        assert set(counts.values()) == {1}
        assert not ChannelOutage.objects.exists()

    def test_texts_wait_through_an_hour_without_the_sms_gateway_then_go_in_order_each_once(self, db, settings):
        supporter = UserFactory(email="sam@example.org", alert_phone=NUMBER)
        settings.SMS_BACKEND, settings.SMS_ACCOUNT, settings.SMS_API_TOKEN = "twilio", "AC0123456789", "token"
        settings.SMS_API_URL, settings.SMS_TIMEOUT_SECONDS = f"http://127.0.0.1:{free_port()}", 1
        texts = [
            message_schedule(
                key=f"ps:request:{n}:alert:1",
                template="peer_support_alert",
                recipient=supporter,
                due_at=NOW + dt.timedelta(minutes=n),
                channel="sms",
                urgent=True,
            )
            for n in range(0, 60, 10)
        ]
        moment = NOW
        while moment < NOW + dt.timedelta(hours=1):
            messages_dispatch(now=moment)
            moment += dt.timedelta(minutes=1)
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 6
        tried = dict(OutboxMessage.objects.exclude(attempts=0).values_list("pk", "attempts"))
        assert list(tried) == [texts[0].pk] and tried[texts[0].pk] <= 8  # the first in line, with back-off
        order = []
        real_send = TwilioSMS.send

        def send(backend, message):
            real_send(backend, message)
            order.append(message.pk)

        with Gateway() as gateway, mock.patch.object(TwilioSMS, "send", send):
            settings.SMS_API_URL = gateway.url
            while OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
                messages_dispatch(now=moment)
                moment += dt.timedelta(minutes=1)
        assert moment <= NOW + dt.timedelta(hours=1, minutes=16)
        assert len(gateway.requests) == 6  # each once
        assert order == [text.pk for text in texts]
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 6

    def test_a_message_the_server_refuses_is_still_failed_by_itself(self, person, settings):
        """An outage is not a refusal: a message that fails on its own (its template, its
        address) still backs off and ends failed after OUTBOX_MAX_ATTEMPTS, and stops no other."""
        settings.OUTBOX_MAX_ATTEMPTS = 2
        broken = message_schedule(key="appointment:1:x", template="no_such_template", recipient=person, due_at=NOW)
        fine = reminder(person, 2, due=NOW + dt.timedelta(seconds=1))
        assert messages_dispatch(now=NOW + dt.timedelta(seconds=1)).sent == 1
        broken.refresh_from_db()
        assert broken.status == OutboxMessage.Status.PENDING and broken.attempts == 1
        messages_dispatch(now=NOW + dt.timedelta(minutes=2))
        broken.refresh_from_db()
        fine.refresh_from_db()
        assert broken.status == OutboxMessage.Status.FAILED and "no_such_template" in broken.last_error
        assert fine.status == OutboxMessage.Status.SENT
        assert not ChannelOutage.objects.exists()
