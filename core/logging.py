import datetime as dt
import json
import logging
import re
import traceback

from celery import current_task

_QUERY = re.compile(r"(\s/[^\s?\"]*)\?[^\s\"]*")


class StripQueryStringFilter(logging.Filter):
    """Removes query strings from request log lines.

    Self-test and survey URLs must never leave answers in a log, so no log line
    carries a query string at all.
    """

    def filter(self, record):
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub(r"\1", record.msg)
        request = getattr(record, "request", None)
        if request is not None:
            # django.request attaches the request; drop it so no handler can format its body.
            record.request = None
        return True


# Written as a placeholder in any message, in case a caller put one there by mistake.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# The only fields of a record that reach the log besides the message: none names a person.
JSON_FIELDS = ("view", "method", "status", "duration_ms", "task", "channel")


def scrub(text: str) -> str:
    """A message without query strings, e-mail addresses or IPv4 addresses."""
    return _IPV4.sub("[address]", _EMAIL.sub("[e-mail]", _QUERY.sub(r"\1", text)))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for the log collector (production: `LOG_FORMAT=json`).

    Only the time, level, logger, the scrubbed message and the fields of JSON_FIELDS are written:
    never a record's request, user or arguments. An exception gives its type and its stack
    (file, line, function) but not its message, which can quote a row (an e-mail address in an
    IntegrityError). In a Celery task the task's name is added.
    """

    def format(self, record):
        data = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for field in JSON_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                data[field] = value
        if "task" not in data:
            task = current_task._get_current_object()
            if task is not None and task.request.id:
                data["task"] = task.name
        if record.exc_info and record.exc_info[0] is not None:
            data["exception"] = record.exc_info[0].__name__
            data["stack"] = [
                f"{'/'.join(frame.filename.rsplit('/', 2)[-2:])}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(data, default=str)
