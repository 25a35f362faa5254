"""E-mail through Django's e-mail machinery (`EMAIL_URL`), one connection per outbox batch.

The channel is made once per batch (`channels.Batch`): it opens the connection to the mail
server at its first message, sends every e-mail of the batch on it, and closes it at the
end. A mail server that cannot be reached raises `ChannelUnavailable` (the messages wait,
in order); anything else is a failure of this one message.
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

    def send(self, message) -> None:
        try:
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                self.connection.open()
            with use_connection(self.connection):
                send_templated_email(message)
        except Exception as exc:
            # Whatever went wrong, the next message starts on a fresh connection.
            self.close()
            if mail_server_unreachable(exc):
                raise ChannelUnavailable(f"The mail server could not be reached ({type(exc).__name__}).") from None
            raise

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection: nothing left to do
                pass
