"""Channels of the outbox: SMS through a real gateway's API (against a stub server the test
starts), the console backend, the portal channel, urgent rows first and at once."""

import base64
import datetime as dt
import http.server
import json
import logging
import threading
import time
import urllib.parse
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import message_schedule, messages_claim, messages_dispatch, messages_schedule_many
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 10, 2, 10, tzinfo=dt.UTC)
NUMBER = "+31612345678"


class Gateway:
    """A stand-in for Twilio's Messages API on a free local port: records each request and
    answers what the test says (a status, a JSON body, or silence past the client's time-out)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 201
        self.body = {"sid": "SM0123", "status": "queued"}
        self.delay = 0.0
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                gateway.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization", ""),
                        "type": self.headers.get("Content-Type", ""),
                        "form": urllib.parse.parse_qs(self.rfile.read(length).decode()),
                    }
                )
                if gateway.delay:
                    time.sleep(gateway.delay)
                payload = json.dumps(gateway.body).encode()
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out)
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    with Gateway() as stub:
        settings.SMS_BACKEND = "twilio"
        settings.SMS_API_URL = stub.url
        settings.SMS_ACCOUNT = "AC0123456789"
        settings.SMS_API_TOKEN = "test-token"
        settings.SMS_SENDER = "Wellbeing"
        settings.SMS_TIMEOUT_SECONDS = 1
        yield stub


@pytest.fixture
def supporter(db):
    return UserFactory(first_name="Bob", language="nl", alert_phone=NUMBER)


def alert(person, key="ps:request:9:alert:1", channel="sms", urgent=True, due=NOW):
    email = channel == "email"
    return message_schedule(
        key=key,
        template="peer_support_task" if email else "peer_support_alert",
        recipient=person,
        due_at=due,
        urgent=urgent,
        channel=channel,
        context={"path": "/support/talks/9/"} if email else {"kind": "request", "request_id": 9},
    )


class TestTwilioGateway:
    def test_a_text_goes_out_in_the_gateways_documented_shape(self, gateway, supporter):
        message = alert(supporter)
        assert messages_dispatch(now=NOW).sent == 1
        (sent,) = gateway.requests
        assert sent["path"] == "/2010-04-01/Accounts/AC0123456789/Messages.json"
        assert sent["type"] == "application/x-www-form-urlencoded"
        assert base64.b64decode(sent["auth"].removeprefix("Basic ")).decode() == "AC0123456789:test-token"
        assert sent["form"]["To"] == [NUMBER]
        assert sent["form"]["From"] == ["Wellbeing"]
        body = sent["form"]["Body"][0]
        assert body.startswith("Een collega heeft om steun gevraagd.")  # Bob reads Dutch
        assert body.endswith("/support/alerts/")
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT and message.attempts == 0

    def test_a_gateway_that_is_down_makes_the_text_wait_and_retry_while_the_email_goes(self, gateway, supporter):
        gateway.status, gateway.body = 503, {"code": 20500, "message": "Service unavailable"}
        text = alert(supporter)
        email = alert(supporter, channel="email")
        result = messages_dispatch(now=NOW)
        assert (result.sent, result.failed) == (1, 1)
        assert [m.to for m in mail.outbox] == [[supporter.email]]  # the e-mail of the same alert
        text.refresh_from_db()
        email.refresh_from_db()
        assert email.status == OutboxMessage.Status.SENT
        assert text.status == OutboxMessage.Status.PENDING and text.attempts == 1
        assert text.next_attempt_at == NOW + dt.timedelta(minutes=1)
        assert NUMBER not in text.last_error and "503" in text.last_error
        # Not before its back-off; then, the gateway up again, it goes once.
        assert messages_dispatch(now=NOW + dt.timedelta(seconds=30)).sent == 0
        gateway.status, gateway.body = 201, {"sid": "SM1"}
        assert messages_dispatch(now=NOW + dt.timedelta(minutes=1)).sent == 1
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.SENT
        assert len(gateway.requests) == 2

    def test_a_gateway_that_does_not_answer_in_time_is_retried_with_backoff(self, gateway, supporter, settings):
        gateway.delay = 2.0  # longer than SMS_TIMEOUT_SECONDS
        text = alert(supporter)
        assert messages_dispatch(now=NOW).failed == 1
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.PENDING and text.attempts == 1
        gateway.delay = 0
        messages_dispatch(now=NOW + dt.timedelta(minutes=1))
        assert messages_dispatch(now=NOW + dt.timedelta(minutes=2)).failed == 0
        text.refresh_from_db()
        assert text.attempts in (1, 2)  # the second try went through (or the first, late, did)

    def test_a_gateway_that_keeps_failing_ends_in_failed_for_an_admin_to_retry(self, gateway, supporter, settings):
        gateway.status = 500
        text = alert(supporter)
        moment = NOW
        for _ in range(settings.OUTBOX_MAX_ATTEMPTS):
            messages_dispatch(now=moment)
            moment += dt.timedelta(hours=1)
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.FAILED
        assert len(gateway.requests) == settings.OUTBOX_MAX_ATTEMPTS

    def test_a_number_the_gateway_refuses_fails_at_once_without_endless_retries(self, gateway, supporter):
        gateway.status = 400
        gateway.body = {"code": 21211, "message": f"The 'To' number {NUMBER} is not a valid phone number."}
        text = alert(supporter)
        assert messages_dispatch(now=NOW).failed == 1
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.FAILED and text.attempts == 1
        assert "21211" in text.last_error and NUMBER not in text.last_error
        messages_dispatch(now=NOW + dt.timedelta(hours=2))
        assert len(gateway.requests) == 1

    @pytest.mark.parametrize("status", [401, 429])
    def test_our_own_credentials_or_a_rate_limit_are_retried(self, gateway, supporter, status):
        gateway.status = status
        text = alert(supporter)
        messages_dispatch(now=NOW)
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.PENDING and text.next_attempt_at is not None


class TestConsoleAndPortal:
    def test_the_console_backend_logs_no_digits_no_text_and_no_name(self, supporter, caplog, settings):
        settings.SMS_BACKEND = "console"
        alert(supporter)
        with caplog.at_level(logging.INFO, logger="notifications.channels.sms"):
            assert messages_dispatch(now=NOW).sent == 1
        (line,) = [r.getMessage() for r in caplog.records if r.name == "notifications.channels.sms"]
        assert "a +31 number" in line
        assert "612345678" not in line and "Bob" not in line and "collega" not in line and "portal" not in line

    def test_somebody_without_a_number_gets_no_text(self, db, settings):
        settings.SMS_BACKEND = "console"
        person = UserFactory()
        text = alert(person)
        messages_dispatch(now=NOW)
        text.refresh_from_db()
        assert text.status == OutboxMessage.Status.FAILED and text.attempts == 1

    def test_a_portal_alert_sends_nothing_and_is_delivered(self, supporter):
        row = alert(supporter, channel="portal")
        assert messages_dispatch(now=NOW).sent == 1
        row.refresh_from_db()
        assert row.status == OutboxMessage.Status.SENT and mail.outbox == []

    def test_one_alert_on_three_channels_is_three_rows_each_once(self, supporter):
        rows = {alert(supporter, channel=c).pk for c in ("email", "sms", "portal")}
        rows |= {alert(supporter, channel=c).pk for c in ("email", "sms", "portal")}
        assert len(rows) == 3
        assert OutboxMessage.objects.with_key("ps:request:9:alert:1", "sms").get().channel == "sms"
        # Cancelling by the object's prefix reaches every channel.
        from notifications.services import messages_cancel_prefix

        assert messages_cancel_prefix(prefix="ps:request:9:") == 3

    def test_an_urgent_alert_ignores_quiet_hours_and_an_ordinary_text_waits(self, supporter, settings):
        settings.SMS_BACKEND = "console"
        supporter.quiet_hours_start, supporter.quiet_hours_end = dt.time(22), dt.time(7)
        supporter.time_zone = "Europe/Amsterdam"
        supporter.save()
        urgent = alert(supporter)
        ordinary = alert(supporter, key="ps:request:9:no-contact:1", urgent=False)
        messages_dispatch(now=NOW)  # 03:10 in Amsterdam
        urgent.refresh_from_db()
        ordinary.refresh_from_db()
        assert urgent.status == OutboxMessage.Status.SENT
        assert ordinary.status == OutboxMessage.Status.PENDING
        assert timezone.localtime(ordinary.due_at, supporter.tzinfo).time() == dt.time(7)


class TestUrgentFirst:
    def test_an_urgent_row_is_claimed_before_thousands_of_older_ordinary_ones(self, supporter):
        messages_schedule_many(
            rows=[
                {
                    "key": f"campaign:1:invite:{i}",
                    "recipient_id": supporter.pk,
                    "template": "x",
                    "due_at": NOW - dt.timedelta(hours=1),
                }
                for i in range(3000)
            ]
        )
        urgent = alert(supporter)
        _token, claimed = messages_claim(now=NOW, limit=100)
        assert claimed[0].pk == urgent.pk and len(claimed) == 100

    def test_scheduling_an_urgent_row_dispatches_it_at_once_after_the_commit(
        self, supporter, settings, django_capture_on_commit_callbacks
    ):
        settings.SMS_BACKEND = "console"
        ordinary = alert(supporter, key="appointment:3:reminder", channel="email", urgent=False, due=NOW)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            urgent = alert(supporter, due=timezone.now())
        assert len(callbacks) == 1
        urgent.refresh_from_db()
        ordinary.refresh_from_db()
        assert urgent.status == OutboxMessage.Status.SENT  # no beat needed (eager Celery in tests)
        assert ordinary.status == OutboxMessage.Status.PENDING  # the urgent dispatch sends urgent rows only

    def test_many_urgent_rows_in_one_transaction_queue_one_dispatch(
        self, supporter, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            for channel in ("email", "sms", "portal"):
                alert(supporter, channel=channel, due=timezone.now())
        assert len(callbacks) == 1

    def test_an_ordinary_or_later_row_queues_no_dispatch(self, supporter, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            alert(supporter, key="appointment:4:reminder", urgent=False, due=timezone.now())
            alert(supporter, key="appointment:5:reminder", due=timezone.now() + dt.timedelta(hours=1))
        assert callbacks == []

    def test_a_broker_that_is_down_fails_no_page(self, supporter, django_capture_on_commit_callbacks, caplog):
        with mock.patch("notifications.tasks.dispatch_urgent_messages.delay", side_effect=OSError("no broker")):
            with django_capture_on_commit_callbacks(execute=True):
                row = alert(supporter, due=timezone.now())
        row.refresh_from_db()
        assert row.status == OutboxMessage.Status.PENDING  # beat sends it within a minute
        assert "beat will send it" in caplog.text

    def test_the_benchmark_shows_the_urgent_row_in_the_first_batch(self, db, capsys):
        call_command("benchmark_outbox", ordinary=2000, batch=100)
        out = capsys.readouterr().out
        assert "urgent message: in the first batch, at position 1" in out
        assert OutboxMessage.objects.count() == 0  # rolled back


@pytest.mark.postgres
def test_the_urgent_first_claim_uses_its_partial_index(supporter):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'outbox_pending_urgent_due_idx'")
        (definition,) = cursor.fetchone()
    assert "urgent DESC" in definition and "WHERE" in definition
