"""Text messages: neutral, short, in the recipient's language, to their own mobile number.

A text is rendered from `sms/<template>.txt` (found in any app's templates) in the
recipient's language, with `portal_url` in its context, and sent to the number the person
gave for alerts (`User.alert_phone`, E.164, encrypted at rest). Texts never hold a name or
a reason: phones show them on the lock screen.

Backends (`SMS_BACKEND`):

- `console` (default): writes one log line per text, with the outbox id, the country code
  of the number and the length of the text; never the digits, never the text.
- `twilio`: Twilio's Programmable Messaging API. `POST {SMS_API_URL}/2010-04-01/Accounts/
  {SMS_ACCOUNT}/Messages.json` with HTTP basic auth (`SMS_ACCOUNT`:`SMS_API_TOKEN`) and the
  form fields `To`, `From` (`sms_sender()`), `Body`; `201 Created` means accepted. A 4xx
  answer means this message will never go (an invalid or unreachable number, Twilio error
  codes 21211, 21614 ...), except 401/403 (our credentials: fixable) and 429 (too many
  requests), which are retried like 5xx answers, time-outs and network errors: those say the
  gateway is unavailable (`ChannelUnavailable`), so all texts wait, in order, until it answers.
"""

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request

import phonenumbers
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from . import ChannelUnavailable, PermanentFailure

logger = logging.getLogger(__name__)

# One GSM segment is 160 characters, 70 with any character outside GSM-7 (e.g. "ø" is in it, "€" costs
# two). Texts are written to fit in two segments in every language.
SMS_MAX_LENGTH = 300

SMS_BACKENDS = {
    "console": "notifications.channels.sms.ConsoleSMS",
    "twilio": "notifications.channels.sms.TwilioSMS",
}


def sms_sender(message=None) -> str:
    """The sender the phone shows (an alphanumeric sender ID of at most 11 characters, or a number):
    the organisation's, which the scheduler puts in the message, else `SMS_SENDER`."""
    context = (message.context if message is not None else None) or {}
    return context.get("sender") or settings.SMS_SENDER


def render_sms(template: str, context: dict, *, language: str) -> str:
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language):
        text = " ".join(render_to_string(f"sms/{template}.txt", context).split())
    return text[:SMS_MAX_LENGTH]


def _number_and_text(message) -> tuple[str, str]:
    recipient = message.recipient
    number = getattr(recipient, "alert_phone", "") if recipient is not None else ""
    if not number:
        raise PermanentFailure("The recipient has no number for alerts.")
    language = message.language or recipient.language or settings.LANGUAGE_CODE
    return number, render_sms(message.template, dict(message.context), language=language)


def country_code(number: str) -> str:
    """ "+31" for "+31612345678": all of a number that may be logged."""
    try:
        return f"+{phonenumbers.parse(number, None).country_code}"
    except phonenumbers.NumberParseException:
        return "+?"


class ConsoleSMS:
    """Development and test: logs that a text would go, and nothing that identifies anyone."""

    def send(self, message) -> None:
        number, text = _number_and_text(message)
        logger.info(
            "SMS (console backend) for outbox message #%s to a %s number, %d characters.",
            message.pk,
            country_code(number),
            len(text),
        )


class TwilioSMS:
    """Twilio's Messages resource over HTTPS, with the standard library only."""

    def __init__(self):
        self.base_url = settings.SMS_API_URL.rstrip("/")
        self.account = settings.SMS_ACCOUNT
        self.token = settings.SMS_API_TOKEN
        self.timeout = settings.SMS_TIMEOUT_SECONDS

    def send(self, message) -> None:
        number, text = _number_and_text(message)
        url = f"{self.base_url}/2010-04-01/Accounts/{urllib.parse.quote(self.account)}/Messages.json"
        body = urllib.parse.urlencode({"To": number, "From": sms_sender(message), "Body": text}).encode()
        credentials = base64.b64encode(f"{self.account}:{self.token}".encode()).decode()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            code = _twilio_error_code(error)
            if 400 <= error.code < 500 and error.code not in (401, 403, 429):
                # Never the number in the error: it ends up in the outbox's last_error.
                refused = f"The SMS gateway refused the message (HTTP {error.code}, code {code})."
                raise PermanentFailure(refused) from None
            # Our credentials, a rate limit or the gateway's own trouble: no text goes now.
            raise ChannelUnavailable(f"The SMS gateway answered HTTP {error.code} (code {code}).") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ChannelUnavailable(f"The SMS gateway could not be reached ({type(error).__name__}).") from None


def _twilio_error_code(error: urllib.error.HTTPError) -> str:
    """Twilio's numeric error code from its JSON error body, e.g. 21211 for an invalid number."""
    try:
        return str(json.loads(error.read().decode() or "{}").get("code", "-"))
    except (ValueError, AttributeError, OSError):
        return "-"


def sms_backend():
    return import_string(SMS_BACKENDS.get(settings.SMS_BACKEND, settings.SMS_BACKEND))()
