"""Channels: how one outbox row reaches its person.

Every row of the outbox has a channel (`OutboxMessage.Channel`), and every channel is a
backend with one method, `send(message) -> None`: it returns when the message is on its
way and raises when it is not. Any exception means "try again later" (the outbox backs off
and retries, the same for every channel); `PermanentFailure` means "this will never go"
(a number the gateway refuses), and the row fails at once, without retries.

- email: Django's e-mail machinery (`notifications.email`);
- sms: the backend named by `SMS_BACKEND` (`console` by default, or `twilio`), see `sms.py`;
- portal: the row is the alert; the person's own page reads it, nothing leaves the portal.
"""

from django.utils.module_loading import import_string


class PermanentFailure(Exception):
    """The channel refused this message for good: retrying would fail the same way."""


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
