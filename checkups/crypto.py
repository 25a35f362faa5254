"""Session notes encrypted at rest with Fernet (AES-128-CBC + HMAC), keys from the environment.

`CHECKUPS_NOTE_KEYS` is a comma-separated list of Fernet keys, newest first: new text is
encrypted with the first key, and any listed key decrypts, so a key can be rotated by
putting a new one in front, running `rotate_checkups_note_keys`, then dropping the old one.
A database dump alone reveals no note.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def note_fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.CHECKUPS_NOTE_KEYS))


def note_encrypt(text: str) -> str:
    return note_fernet().encrypt(text.encode("utf-8")).decode("ascii")


def note_decrypt(token: str) -> str:
    return note_fernet().decrypt(token.encode("ascii")).decode("utf-8")


def note_rotate(token: str) -> str:
    return note_fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; Python code only ever sees the plain text.

    It cannot be searched or ordered in the database, which is the point.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return note_decrypt(value)
        except InvalidToken as exc:  # a missing key must fail loudly, never show ciphertext
            raise ValueError("A check-ups note could not be decrypted: is CHECKUPS_NOTE_KEYS complete?") from exc

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return note_encrypt(value)
