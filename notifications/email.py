"""One helper renders and sends every e-mail of the portal.

Templates are sets in `templates/emails/`: `<name>_subject.txt`, `<name>_body.txt` and
`<name>_body.html`, rendered in the recipient's language. Subjects stay neutral
("Your appointment"), because phones show them on the lock screen.
"""

import contextlib
import contextvars
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_email(template: str, context: dict, *, language: str, tzinfo=None) -> tuple[str, str, str | None]:
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language), timezone.override(tzinfo or timezone.get_default_timezone()):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}_body.txt", context)
        try:
            html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


# The open connection to the mail server of the outbox batch being sent (`use_connection`).
_connection = contextvars.ContextVar("outbox_mail_connection", default=None)


@contextlib.contextmanager
def use_connection(connection):
    """Send the e-mails inside on `connection` (opened once for a whole outbox batch)."""
    token = _connection.set(connection)
    try:
        yield connection
    finally:
        _connection.reset(token)


def message_id(message) -> str:
    """The same Message-ID each time one outbox row is sent, from the last segment of its opaque
    key (says nothing about the message): should a worker die between sending and marking the
    row sent, the one duplicate this allows is recognised as such by mail programs."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "wellbeing.invalid"
    return f"<{message.key[-24:]}.{message.pk}@{domain}>"


def send_templated_email(message) -> None:
    """Send one outbox message (an `OutboxMessage`) by Django's e-mail machinery."""
    recipient = message.recipient
    address = message.to_email or recipient.email
    language = message.language or (recipient.language if recipient else settings.LANGUAGE_CODE)
    context = dict(message.context)
    if recipient is not None:
        context.setdefault("recipient_name", recipient.first_name)
    subject, text, html = render_email(
        message.template, context, language=language, tzinfo=recipient.tzinfo if recipient else None
    )
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
        headers={"Message-ID": message_id(message)} if message.key else None,
        connection=_connection.get(),
    )
    if html:
        email.attach_alternative(html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    email.send(fail_silently=False)
