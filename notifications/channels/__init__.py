"""Channels: how one outbox row reaches its person.

Every row of the outbox has a channel (`OutboxMessage.Channel`), and every channel is a
backend with one method, `send(message) -> None`: it returns when the message is on its
way and raises when it is not. Any exception means "try again later" (the outbox backs off
and retries, the same for every channel); `PermanentFailure` means "this will never go"
(a number the gateway refuses), and the row fails at once, without retries;
`ChannelUnavailable` means "the server is down, not this message": the row is retried
with its back-off, and the whole channel waits meanwhile (`ChannelOutage`), in order.

A batch of the outbox makes each backend once (`Batch`) and closes it at the end, so a
backend may keep a connection open for the batch (e-mail does: one SMTP connection).

- email: Django's e-mail machinery (`notifications.email`);
- sms: the backend named by `SMS_BACKEND` (`console` by default, or `twilio`), see `sms.py`;
- portal: the row is the alert; the person's own page reads it, nothing leaves the portal.
"""

import logging

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """The channel refused this message for good: retrying would fail the same way."""


class ChannelUnavailable(Exception):
    """The channel cannot be reached (mail server or gateway down): the message is fine, and
    every other message of the channel would fail the same way now."""


BACKENDS = {
    "email": "notifications.channels.email.EmailChannel",
    "sms": "notifications.channels.sms.sms_backend",
    "portal": "notifications.channels.portal.PortalChannel",
}


def backend_for(channel: str):
    """The backend of a channel. Made for each call: they are cheap, and read settings then."""
    return import_string(BACKENDS[channel])()


def send(message) -> None:
    backend_for(message.channel).send(message)


class Batch:
    """The backends of one outbox batch, each made at its first message and closed at the end."""

    def __init__(self):
        self.backends = {}

    def send(self, message) -> None:
        backend = self.backends.get(message.channel)
        if backend is None:
            backend = self.backends[message.channel] = backend_for(message.channel)
        backend.send(message)

    def close(self) -> None:
        for channel, backend in self.backends.items():
            try:
                getattr(backend, "close", lambda: None)()
            except Exception as exc:  # never lose the batch's results over a close
                logger.warning("Closing the %s channel failed: %s", channel, type(exc).__name__)
        self.backends = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
