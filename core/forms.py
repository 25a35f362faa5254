"""Form helpers that every app's forms share."""

from django.utils.translation import gettext_lazy as _

TOO_LONG = _("Please keep this to at most %(limit_value)d characters. It has %(show_value)d now.")


class LengthMessageMixin:
    """Text over a field's limit is refused with both numbers, so the person knows how much
    to shorten it (Django's own message reads as a rule, not as help)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Every field, so a limit added after this (a validator) speaks the same way.
            field.error_messages = {**field.error_messages, "max_length": TOO_LONG}
