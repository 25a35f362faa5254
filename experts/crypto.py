"""Encrypted text of this app: core's field with the keys of EXPERTS_KEYS."""

import functools

from core.crypto import EncryptedTextField

ExpertsEncryptedTextField = functools.partial(EncryptedTextField, keys_setting="EXPERTS_KEYS")
