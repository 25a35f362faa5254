import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from core.crypto import decrypt_text, encrypt_text, fernet_keys, rotate_token


def test_text_round_trips_and_is_not_stored_in_clear(settings):
    settings.TEST_NOTE_KEYS = [Fernet.generate_key().decode()]
    token = encrypt_text("slept badly after the accident", keys_setting="TEST_NOTE_KEYS")
    assert "accident" not in token
    assert decrypt_text(token, keys_setting="TEST_NOTE_KEYS") == "slept badly after the accident"


def test_a_key_can_be_rotated(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TEST_NOTE_KEYS = [old]
    token = encrypt_text("note", keys_setting="TEST_NOTE_KEYS")
    settings.TEST_NOTE_KEYS = [new, old]
    rotated = rotate_token(token, keys_setting="TEST_NOTE_KEYS")
    settings.TEST_NOTE_KEYS = [new]
    assert decrypt_text(rotated, keys_setting="TEST_NOTE_KEYS") == "note"


def test_production_needs_real_keys():
    with pytest.raises(ImproperlyConfigured, match="X_KEYS must be set"):
        fernet_keys([], name="X_KEYS", debug=False, secret_key="s")
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        fernet_keys(["nonsense"], name="X_KEYS", debug=False, secret_key="s")
    assert len(fernet_keys([], name="X_KEYS", debug=True, secret_key="s")) == 1
