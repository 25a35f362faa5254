"""Phone numbers: the number a psychologist calls for a phone talk, and numbers people tap to call.

A number to call is parsed with `phonenumbers` in the person's own region (from their
language, else their time zone: someone who types "06 12345678" in Dutch means the
Netherlands) and stored in E.164 ("+31612345678"), encrypted like session notes.
"""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

REGION_BY_LANGUAGE = {"nl": "NL", "da": "DK"}
REGION_BY_TIME_ZONE = {
    "Europe/Amsterdam": "NL",
    "Europe/Copenhagen": "DK",
    "America/Nuuk": "GL",
    "America/Godthab": "GL",
    "Atlantic/Faroe": "FO",
}
FALLBACK_REGION = "NL"


def region_for(*, language: str | None = None, time_zone: str | None = None) -> str:
    """The region whose national numbers a person most likely types."""
    region = REGION_BY_LANGUAGE.get((language or "")[:2])
    return (
        region
        or REGION_BY_TIME_ZONE.get(time_zone or "")
        or REGION_BY_TIME_ZONE.get(settings.TIME_ZONE, FALLBACK_REGION)
    )


def region_for_user(user) -> str:
    return region_for(language=getattr(user, "language", ""), time_zone=getattr(user, "time_zone", ""))


INVALID_NUMBER = _("This does not look like a phone number we can call. Please check it, for example 06 12345678.")


def number_normalise(value: str, *, region: str) -> str:
    """The number in E.164, or a ValidationError that says what to do."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_NUMBER, code="invalid") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(INVALID_NUMBER, code="invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_e164(value: str) -> bool:
    try:
        return value.startswith("+") and phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


def number_display(value: str) -> str:
    """ "+31 6 12345678" for a stored E.164 number; anything else as it was written."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, None if value.startswith("+") else region_for())
    except phonenumbers.NumberParseException:
        return value
    if value.startswith("+"):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return value


def tel_href(value: str) -> str:
    """A `tel:` URI for a number as written ("050-555 0100" -> "tel:+31505550100")."""
    try:
        parsed = phonenumbers.parse(value, region_for())
        if phonenumbers.is_possible_number(parsed):
            return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return "tel:" + digits


def tel_link(value: str):
    """A tap-to-call link whose text (and so its accessible name) is the number itself."""
    if not value:
        return ""
    return format_html('<a href="{}" class="text-nowrap">{}</a>', tel_href(value), number_display(value))
