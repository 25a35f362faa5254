"""Encryption at rest for what people write in confidence (session notes, case notes, logs).

Each kind of text names the setting that holds its keys (a list of Fernet keys, newest
first): MultiFernet encrypts with the first key and decrypts with any of them, so a key
is rotated by putting a new one in front, re-encrypting (`rotate_token`), then dropping
the old one. A database dump without the keys shows no text. Encrypted columns cannot
be searched or ordered in the database, which is the point.
"""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def fernet_keys(values: list[str], *, name: str, debug: bool, secret_key: str) -> list[str]:
    """Validate the keys read from the environment variable `name` (used by settings.py).

    In development (debug) a key derived from the secret key stands in, so the embedded
    default runs; in production a missing or malformed key stops the start.
    """
    if not values:
        if not debug:
            raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is false.")
        values = [base64.urlsafe_b64encode(hashlib.sha256(f"{name}:{secret_key}".encode()).digest()).decode()]
    for value in values:
        try:
            Fernet(value.encode())
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} holds a value that is not a Fernet key.") from exc
    return values


@functools.cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet_for(keys_setting: str) -> MultiFernet:
    return _multi_fernet(tuple(getattr(settings, keys_setting)))


def encrypt_text(text: str, *, keys_setting: str) -> str:
    return fernet_for(keys_setting).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str, *, keys_setting: str) -> str:
    return fernet_for(keys_setting).decrypt(token.encode("ascii")).decode("utf-8")


def rotate_token(token: str, *, keys_setting: str) -> str:
    """Re-encrypt a stored token with the newest key."""
    return fernet_for(keys_setting).rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code only ever sees the plain text."""

    def __init__(self, *args, keys_setting: str, **kwargs):
        self.keys_setting = keys_setting
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["keys_setting"] = self.keys_setting
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return decrypt_text(value, keys_setting=self.keys_setting)
        except InvalidToken as exc:  # a missing key must fail loudly, never show ciphertext
            raise ValueError(f"Stored text could not be decrypted: is {self.keys_setting} complete?") from exc

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(value, keys_setting=self.keys_setting)
