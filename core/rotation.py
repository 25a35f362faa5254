"""Key rotation for every encrypted column of the project, found by its field class.

Every `EncryptedTextField` of every installed model is covered without a list to keep up
to date: a new app's encrypted field is rotated (and checked for plaintext by the tests)
the day it is written. Rotation re-encrypts each stored token with the first key of its
setting, in batches, each batch in its own short transaction; a token that the first key
already opens is left alone, so a second run (or a run after an interruption) changes
only what the first did not reach. The UPDATE compares the old token, so a row that the
portal changed meanwhile is not overwritten with a stale value.
"""

from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from .crypto import EncryptedTextField, fernet_for

ROTATION_BATCH_SIZE = 500


@dataclass(frozen=True)
class EncryptedField:
    model: type
    field: EncryptedTextField

    @property
    def label(self) -> str:
        """`app_label.ModelName.field`, as `--field` takes it."""
        return f"{self.model._meta.app_label}.{self.model.__name__}.{self.field.name}"

    @property
    def keys_setting(self) -> str:
        return self.field.keys_setting


@dataclass
class RotationResult:
    label: str
    rotated: int = 0
    current: int = 0  # already encrypted with the first key
    unreadable: int = 0  # no key of the setting opens it: the old key is still needed, or lost


def encrypted_fields() -> list[EncryptedField]:
    """Every encrypted column of the installed, concrete, managed models, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append(EncryptedField(model=model, field=field))
    return sorted(found, key=lambda item: item.label.lower())


def encrypted_fields_named(labels: list[str]) -> list[EncryptedField]:
    """The fields named `app.Model.field` (case-insensitive); ValueError names an unknown one."""
    by_label = {item.label.lower(): item for item in encrypted_fields()}
    unknown = [label for label in labels if label.lower() not in by_label]
    if unknown:
        raise ValueError(f"Not an encrypted field: {', '.join(unknown)}. Known: {', '.join(sorted(by_label))}")
    return [by_label[label.lower()] for label in dict.fromkeys(labels)]


def encrypted_field_rotate(
    *, item: EncryptedField, dry_run: bool = False, batch_size: int = ROTATION_BATCH_SIZE
) -> RotationResult:
    """Re-encrypt every stored value of one column with the first key of its setting."""
    result = RotationResult(label=item.label)
    newest = Fernet(getattr(settings, item.keys_setting)[0].encode())
    every_key = fernet_for(item.keys_setting)
    quote = connection.ops.quote_name
    table, column = quote(item.model._meta.db_table), quote(item.field.column)
    pk = quote(item.model._meta.pk.column)
    last = None
    while True:
        where = f"{column} IS NOT NULL AND {column} <> ''" + (f" AND {pk} > %s" if last is not None else "")
        params = [last] if last is not None else []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, {column} FROM {table} WHERE {where} ORDER BY {pk} LIMIT %s",  # noqa: S608 - quoted names
                [*params, batch_size],
            )
            rows = cursor.fetchall()
            for row_pk, token in rows:
                raw = token.encode("ascii")
                try:
                    newest.decrypt(raw)
                    result.current += 1
                    continue
                except InvalidToken:
                    pass
                try:
                    fresh = every_key.rotate(raw).decode("ascii")
                except InvalidToken:
                    result.unreadable += 1
                    continue
                result.rotated += 1
                if not dry_run:
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                        [fresh, row_pk, token],
                    )
        if len(rows) < batch_size:
            return result
        last = rows[-1][0]
