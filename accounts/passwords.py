"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

# OWASP ASVS 4.0.3 2.1.2: passphrases of 64 characters fit; longer than 128 are refused
# (rather than silently cut), which also bounds the work of hashing.
MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is longer than %(max_length)d character. Please choose a shorter one.",
                    "This password is longer than %(max_length)d characters. Please choose a shorter one.",
                    self.max_length,
                )
                % {"max_length": self.max_length},
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return ngettext(
            "Your password can be up to %(max_length)d character long.",
            "Your password can be up to %(max_length)d characters long.",
            self.max_length,
        ) % {"max_length": self.max_length}
