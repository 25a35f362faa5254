import logging
import re

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
