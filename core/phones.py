"""Phone numbers: the numbers people ask to be called on, and the numbers people tap to call.

A number is typed the way people write it at home ("06 12345678", "20 12 34 56"), so it is
read in the person's own region: from their language, else their time zone. When neither says
(someone using the portal in English, or a visitor), it may be a number of any region the
portal serves, as long as it is a valid number of exactly one of them. A number to call is
stored in E.164 ("+31612345678"), encrypted where the model keeps it, and shown in the
international format as a tap-to-call link.
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

INVALID_NUMBER = _("This does not look like a phone number we can call. Please check it, for example 06 12345678.")


def regions_for(*, language: str | None = None, time_zone: str | None = None) -> tuple[str, ...]:
    """The regions whose national numbers this person may type: theirs, or every region served."""
    region = REGION_BY_LANGUAGE.get((language or "")[:2]) or REGION_BY_TIME_ZONE.get(time_zone or "")
    return (region,) if region else tuple(dict.fromkeys(REGION_BY_LANGUAGE.values()))


def regions_for_user(user) -> tuple[str, ...]:
    return regions_for(language=getattr(user, "language", ""), time_zone=getattr(user, "time_zone", ""))


def _valid(text: str, region: str):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def number_normalise(value: str, *, regions: tuple[str, ...]) -> str:
    """The number in E.164, "" for nothing typed, or a ValidationError that says what to do."""
    value = (value or "").strip()
    if not value:
        return ""
    found = {
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        for region in regions
        if (number := _valid(value, region))
    }
    if len(found) != 1:
        raise ValidationError(INVALID_NUMBER, code="invalid")
    return found.pop()


def is_e164(value: str) -> bool:
    try:
        return value.startswith("+") and phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


def is_mobile(value: str) -> bool:
    """Whether a stored E.164 number can receive text messages (a mobile, or a region where
    mobile and fixed numbers look alike)."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _home_region() -> str:
    """The region of the deployment, for numbers written without a country code in settings."""
    return REGION_BY_TIME_ZONE.get(settings.TIME_ZONE, FALLBACK_REGION)


def number_display(value: str) -> str:
    """ "+31 6 12345678" for a stored E.164 number; anything else as it was written."""
    if not value or not value.startswith("+"):
        return value or ""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def number_example(language: str | None) -> str:
    """A made-up mobile number of the person's region, to show how to write one."""
    region = REGION_BY_LANGUAGE.get((language or "")[:2])
    if region is None:
        return "+31 6 12345678"
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def tel_href(value: str, region: str | None = None) -> str:
    """A `tel:` URI for a number as written ("050-555 0100" -> "tel:+31505550100"), read in
    `region` (an organisation's country) or else the deployment's. A short service number
    (112, 114) stays as it is."""
    try:
        parsed = phonenumbers.parse(value, region or _home_region())
        if phonenumbers.is_possible_number(parsed):
            return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return "tel:" + "".join(ch for ch in value if ch.isdigit() or ch == "+")


def tel_link(value: str, region: str | None = None, css: str = "text-nowrap"):
    """A tap-to-call link whose text (and so its accessible name) is the number itself."""
    if not value:
        return ""
    return format_html('<a href="{}" class="{}">{}</a>', tel_href(value, region), css, number_display(value))
