"""Phone numbers someone asks to be called on: checked, stored as E.164, shown readably.

A number typed the way people write it at home ("06 12345678", "20 12 34 56") is read in
the region of the person's language; someone who uses the portal in another language may
type a number of either region, as long as it is a valid number of exactly one of them.
"""

import phonenumbers

LANGUAGE_REGIONS = {"nl": "NL", "da": "DK"}


class PhoneNumberInvalid(ValueError):
    pass


def _valid(text: str, region: str | None):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_parse(text: str, *, language: str | None) -> str:
    """The number in E.164 ("+31612345678"), or PhoneNumberInvalid."""
    text = (text or "").strip()
    if not text:
        raise PhoneNumberInvalid(text)
    region = LANGUAGE_REGIONS.get((language or "")[:2])
    regions = [region] if region else list(LANGUAGE_REGIONS.values())
    found = {
        phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for r in regions if (n := _valid(text, r))
    }
    if len(found) != 1:
        raise PhoneNumberInvalid(text)
    return found.pop()


def phone_display(value: str) -> str:
    """ "+31 6 12345678" for a stored number; anything else as it was typed."""
    try:
        number = phonenumbers.parse(value or "", None)
    except phonenumbers.NumberParseException:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_example(language: str | None) -> str:
    """A made-up number of the person's region, to show how to write one."""
    region = LANGUAGE_REGIONS.get((language or "")[:2])
    if region is None:
        return "+31 6 12345678"
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
