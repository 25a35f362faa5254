"""Production logs: JSON lines, and no personal data in them (core.logging.JsonFormatter)."""

import io
import json
import logging
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from core.logging import JsonFormatter, StripQueryStringFilter
from notifications import channels
from notifications.models import OutboxMessage
from notifications.services import message_schedule
from notifications.tasks import dispatch_due_messages
from tests.factories import UserFactory
from tests.wellbeing.test_project import load_settings, production_env

EMAIL = "ruth.hidden@example.org"
ADDRESS = "192.0.2.44"


@pytest.fixture
def json_log():
    """What the production handler writes: LOGGING's JSON formatter and filter on every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(StripQueryStringFilter())
    loggers = [logging.getLogger(), logging.getLogger("portal.request"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]  # each line must be JSON
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def assert_nothing_personal(lines, person):
    text = json.dumps(lines)
    for secret in (EMAIL, "ruth", ADDRESS, "?", "next=", f'"user": {person.pk}', "user_id"):
        assert secret not in text.lower(), secret


def test_production_settings_write_json_lines_with_a_request_log(tmp_path):
    expression = (
        "(s.LOGGING['handlers']['console']['formatter'], s.LOGGING['loggers']['portal.request']['level'], "
        "s.CELERY_WORKER_HIJACK_ROOT_LOGGER)"
    )
    result = load_settings(tmp_path, expression, DJANGO_DEBUG="false", **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('json', 'INFO', False)"
    assert django_settings.LOGGING["formatters"]["json"] == {"()": "core.logging.JsonFormatter"}


def test_a_short_metrics_token_is_refused_in_production(tmp_path):
    result = load_settings(tmp_path, "s.METRICS_TOKEN", DJANGO_DEBUG="false", **production_env(METRICS_TOKEN="short"))
    assert result.returncode != 0 and "METRICS_TOKEN must be at least 32 characters" in result.stderr


@pytest.mark.django_db
def test_a_request_log_line_is_json_with_view_status_and_duration_and_nothing_personal(client, json_log):
    person = UserFactory(email=EMAIL, first_name="Ruth")
    client.force_login(person)
    response = client.get(f"/me/data/?email={EMAIL}&next=/x", REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert response.status_code == 200
    client.get(f"/checkups/appointments/{person.pk}/booked/?email={EMAIL}", REMOTE_ADDR=ADDRESS)

    lines = json_log()
    requests = [line for line in lines if line["logger"] == "portal.request"]
    assert requests[0] == {
        "time": requests[0]["time"],
        "level": "INFO",
        "logger": "portal.request",
        "message": "request",
        "view": "dataprotection:mine",
        "method": "GET",
        "status": 200,
        "duration_ms": requests[0]["duration_ms"],
    }
    assert isinstance(requests[0]["duration_ms"], float)
    assert requests[1]["view"] == "checkups:confirmed" and requests[1]["status"] == 404
    assert_nothing_personal(lines, person)


@pytest.mark.django_db
def test_a_celery_task_log_line_is_json_with_the_task_and_nothing_personal(json_log):
    person = UserFactory(email=EMAIL, first_name="Ruth")
    message_schedule(key="logs:1", template="portal_notice", recipient=person, due_at=timezone.now())
    refused = channels.PermanentFailure(f"550 mailbox {EMAIL} refused from {ADDRESS}")
    with mock.patch("notifications.channels.email.send_templated_email", side_effect=refused):
        dispatch_due_messages.delay()  # eager in tests: runs in this process, as a task
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED

    lines = [line for line in json_log() if line["logger"] == "notifications.services"]
    assert lines and lines[0]["level"] == "WARNING"
    assert lines[0]["task"] == "notifications.tasks.dispatch_due_messages"
    assert_nothing_personal(lines, person)


def test_a_message_with_an_address_or_an_exception_keeps_only_what_is_not_personal():
    try:
        raise ValueError(f"duplicate key (email)=({EMAIL})")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "login by %s from %s", (EMAIL, ADDRESS), True)
        record.exc_info = sys.exc_info()
    record.user = 42  # not a field the formatter writes
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "login by [e-mail] from [address]"
    assert line["exception"] == "ValueError"
    assert line["stack"] and line["stack"][0].startswith("core/test_json_logs.py:")
    assert EMAIL not in json.dumps(line) and "user" not in line
