"""Encrypted text of this app: core's field with the peer support keys (PEER_SUPPORT_NOTE_KEYS)."""

import functools

from core.crypto import EncryptedTextField

PeerSupportEncryptedTextField = functools.partial(EncryptedTextField, keys_setting="PEER_SUPPORT_NOTE_KEYS")
