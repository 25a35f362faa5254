import datetime as dt
import threading
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.keys import opaque_key
from notifications.models import OutboxMessage
from notifications.services import message_cancel, message_schedule, messages_cancel_prefix, messages_dispatch
from notifications.tasks import dispatch_due_messages
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def person(db):
    return UserFactory(email="eve@example.org", first_name="Eve", language="nl", time_zone="Europe/Amsterdam")


def schedule(person, key="appointment:1:reminder", due=NOW, **kwargs):
    return message_schedule(key=key, template="portal_notice", recipient=person, due_at=due, **kwargs)


class TestScheduling:
    def test_scheduling_the_same_key_twice_makes_one_row(self, person):
        first = schedule(person)
        second = schedule(person, due=NOW + dt.timedelta(hours=1))
        assert first.pk == second.pk
        assert OutboxMessage.objects.count() == 1

    def test_a_message_needs_somebody_to_go_to(self, db):
        with pytest.raises(ValueError):
            message_schedule(key="x", template="portal_notice", due_at=NOW)


class TestDispatch:
    def test_a_due_message_is_sent_once_in_the_recipients_language(self, person):
        schedule(person)
        messages_dispatch(now=NOW)
        messages_dispatch(now=NOW + dt.timedelta(minutes=1))
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["eve@example.org"]
        assert mail.outbox[0].subject == "Er is iets nieuws voor je in het portaal"
        assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT

    def test_running_the_beat_task_twice_sends_one_mail(self, person):
        schedule(person, due=timezone.now() - dt.timedelta(minutes=1))
        dispatch_due_messages.delay()
        dispatch_due_messages.delay()
        assert len(mail.outbox) == 1

    def test_a_message_not_yet_due_waits(self, person):
        schedule(person, due=NOW + dt.timedelta(minutes=5))
        messages_dispatch(now=NOW)
        assert mail.outbox == []

    def test_a_cancelled_message_is_never_sent(self, person):
        schedule(person)
        assert message_cancel(key="appointment:1:reminder") is True
        messages_dispatch(now=NOW)
        assert mail.outbox == []
        assert OutboxMessage.objects.get().status == OutboxMessage.Status.CANCELLED

    def test_cancelling_by_prefix_cancels_only_that_object(self, person):
        schedule(person, key="appointment:1:a")
        schedule(person, key="appointment:1:b")
        schedule(person, key="appointment:12:a")
        assert messages_cancel_prefix(prefix="appointment:1:") == 2
        messages_dispatch(now=NOW)
        assert len(mail.outbox) == 1

    def test_a_message_past_its_not_after_is_dropped(self, person):
        schedule(person, not_after=NOW - dt.timedelta(minutes=1))
        result = messages_dispatch(now=NOW)
        assert result.expired == 1
        assert mail.outbox == []
        assert OutboxMessage.objects.get().status == OutboxMessage.Status.EXPIRED

    def test_a_failing_send_is_retried_with_backoff_then_marked_failed(self, person, settings):
        settings.OUTBOX_MAX_ATTEMPTS = 3
        schedule(person)
        with mock.patch("notifications.channels.email.send_templated_email", side_effect=OSError("SMTP down")):
            messages_dispatch(now=NOW)
            message = OutboxMessage.objects.get()
            assert message.status == OutboxMessage.Status.PENDING
            assert message.attempts == 1
            assert message.next_attempt_at == NOW + dt.timedelta(minutes=1)
            messages_dispatch(now=NOW + dt.timedelta(seconds=30))  # still backing off
            assert OutboxMessage.objects.get().attempts == 1
            messages_dispatch(now=NOW + dt.timedelta(minutes=1))
            message = OutboxMessage.objects.get()
            assert message.attempts == 2
            assert message.next_attempt_at == NOW + dt.timedelta(minutes=3)
            messages_dispatch(now=NOW + dt.timedelta(minutes=3))
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.FAILED
        assert "SMTP down" in message.last_error
        assert mail.outbox == []

    def test_a_failed_message_can_be_retried_by_an_admin(self, person):
        from notifications.services import message_retry

        schedule(person)
        OutboxMessage.objects.update(status=OutboxMessage.Status.FAILED, attempts=5)
        message_retry(message=OutboxMessage.objects.get())
        messages_dispatch(now=NOW)
        assert len(mail.outbox) == 1

    def test_a_claim_a_crashed_worker_never_finished_returns_after_its_lease(self, person, settings):
        schedule(person)
        from notifications.services import messages_claim

        _token, claimed = messages_claim(now=NOW, limit=10)  # the worker dies here
        assert len(claimed) == 1
        messages_dispatch(now=NOW + dt.timedelta(seconds=10))
        assert mail.outbox == []  # still leased
        messages_dispatch(now=NOW + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1))
        assert len(mail.outbox) == 1

    def test_subjects_are_neutral(self, person):
        schedule(person)
        messages_dispatch(now=NOW)
        for word in ["psycholo", "trauma", "support", "screening", "ptss", "ptsd"]:
            assert word not in mail.outbox[0].subject.lower()
            assert word not in mail.outbox[0].body.lower()


class TestQuietHours:
    @pytest.fixture
    def sleeper(self, person):
        person.quiet_hours_start = dt.time(8, 0)
        person.quiet_hours_end = dt.time(16, 0)
        person.save()
        return person

    def test_a_message_in_quiet_hours_waits_until_they_end(self, sleeper):
        due = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam
        schedule(sleeper, due=due)
        result = messages_dispatch(now=due)
        assert result.deferred == 1 and mail.outbox == []
        message = OutboxMessage.objects.get()
        assert message.due_at == dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)  # 16:00 in Amsterdam
        messages_dispatch(now=message.due_at)
        assert len(mail.outbox) == 1

    def test_an_urgent_message_ignores_quiet_hours(self, sleeper):
        due = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
        schedule(sleeper, due=due, urgent=True)
        messages_dispatch(now=due)
        assert len(mail.outbox) == 1

    def test_quiet_hours_never_delay_past_not_after(self, sleeper):
        due = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
        not_after = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
        schedule(sleeper, due=due, not_after=not_after)
        messages_dispatch(now=due)
        assert OutboxMessage.objects.get().due_at == not_after

    def test_quiet_hours_over_midnight_across_the_clock_change(self, person):
        person.quiet_hours_start = dt.time(23, 0)
        person.quiet_hours_end = dt.time(7, 0)
        person.save()
        # Night of 28-29 March 2026: clocks go forward at 02:00 in Amsterdam.
        due = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)  # 00:30 local (CET)
        schedule(person, due=due)
        messages_dispatch(now=due)
        # 07:00 local on the 29th is CEST, UTC+2.
        assert OutboxMessage.objects.get().due_at == dt.datetime(2026, 3, 29, 5, 0, tzinfo=dt.UTC)

    def test_messages_to_a_deactivated_account_are_dropped(self, person):
        from accounts.services import account_close

        schedule(person)
        account_close(user=person, by=None, reason="other")
        messages_dispatch(now=NOW)
        assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_message_exactly_once(settings):
    settings.OUTBOX_BATCH_SIZE = 5
    person = UserFactory()
    for n in range(40):
        schedule(person, key=f"load:{n}")
    barrier = threading.Barrier(4)
    sent = []

    def fake_send(message):
        sent.append(message.key)

    def worker():
        barrier.wait()
        try:
            for _ in range(20):
                messages_dispatch(now=NOW)
        finally:
            connection.close()

    with mock.patch("notifications.channels.email.send_templated_email", side_effect=fake_send):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(sent) == sorted(opaque_key(f"load:{n}") for n in range(40))
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 40


def test_no_task_is_scheduled_far_ahead_in_the_broker():
    """Anything due later is an outbox row; eta/countdown would be lost with the broker."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\b(eta|countdown)\s*=")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_time_machine_is_available_for_schedules():
    with time_machine.travel(NOW, tick=False):
        assert timezone.now() == NOW


def test_scheduling_many_at_once_skips_keys_that_exist(person):
    from notifications.services import messages_schedule_many

    schedule(person, key="campaign:1:user:1")
    rows = [
        {"key": f"campaign:1:user:{n}", "recipient_id": person.pk, "template": "portal_notice", "due_at": NOW}
        for n in (1, 2, 3)
    ]
    messages_schedule_many(rows=rows)
    messages_schedule_many(rows=rows)
    assert OutboxMessage.objects.count() == 3
    messages_dispatch(now=NOW)
    assert len(mail.outbox) == 3
