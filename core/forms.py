"""Form helpers that every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TOO_LONG = _("Please keep this to at most %(limit_value)d characters. It has %(show_value)d now.")


# The largest key a database integer column holds (64 bits, signed).
BIGGEST_KEY = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field asks the database for any integer it is sent (an `__in` lookup, which,
    unlike `=`, does not check the column's range), and SQLite raises OverflowError for one
    beyond 64 bits: a 500. Such a value is no choice, so it is refused like any other."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            text = pk.strip().lstrip("+-") if isinstance(pk, str) else ""
            if text.isdigit() and int(text) > BIGGEST_KEY:
                message = self.error_messages["invalid_choice"]
                raise ValidationError(message, code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


class LengthMessageMixin:
    """Text over a field's limit is refused with both numbers, so the person knows how much
    to shorten it (Django's own message reads as a rule, not as help)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Every field, so a limit added after this (a validator) speaks the same way.
            field.error_messages = {**field.error_messages, "max_length": TOO_LONG}
