"""E-mail through Django's e-mail machinery (`EMAIL_URL`), one connection per outbox batch.

The channel is made once per batch (`channels.Batch`): it opens the connection to the mail
server at its first message, sends every e-mail of the batch on it, and closes it at the
end. A mail server that cannot be reached raises `ChannelUnavailable` (the messages wait,
in order); anything else is a failure of this one message.

Mail servers close long-lived connections on their own (after so many messages, or when idle:
Postfix, Exchange), answering 421 or simply disconnecting. So a connection that has already
carried a message is reopened once and the message tried again before the server is called
unreachable; only a fresh connection that fails means an outage.
"""

import errno
import smtplib
import socket

from django.core.mail import get_connection

from ..email import send_templated_email, use_connection
from . import ChannelUnavailable

# What says "the mail server is not there" rather than "this message is wrong".
UNREACHABLE = (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError, socket.gaierror)
UNREACHABLE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.ETIMEDOUT}
# 421: "service not available, closing transmission channel".
UNAVAILABLE_SMTP_CODES = {421}


def mail_server_unreachable(exc: BaseException) -> bool:
    if isinstance(exc, UNREACHABLE):
        return True
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code in UNAVAILABLE_SMTP_CODES:
        return True
    return isinstance(exc, OSError) and exc.errno in UNREACHABLE_ERRNOS


class EmailChannel:
    def __init__(self):
        self.connection = None
        self.sent_on_connection = 0

    def send(self, message) -> None:
        try:
            self._send(message)
        except Exception as exc:
            # Whatever went wrong, the next try starts on a fresh connection.
            reused = self.sent_on_connection > 0
            self.close()
            if not mail_server_unreachable(exc):
                raise
            if not reused:
                raise ChannelUnavailable(f"The mail server could not be reached ({type(exc).__name__}).") from None
            # The server ended a connection it had been using: once more, on a new one.
            try:
                self._send(message)
            except Exception as again:
                self.close()
                if mail_server_unreachable(again):
                    raise ChannelUnavailable(
                        f"The mail server could not be reached ({type(again).__name__})."
                    ) from None
                raise

    def _send(self, message) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
            self.sent_on_connection = 0
        with use_connection(self.connection):
            send_templated_email(message)
        self.sent_on_connection += 1

    def close(self) -> None:
        connection, self.connection = self.connection, None
        self.sent_on_connection = 0
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection: nothing left to do
                pass
