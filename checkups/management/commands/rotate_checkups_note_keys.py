"""Re-encrypt every check-ups note, booking note and number to call with the first key of CHECKUPS_NOTE_KEYS.

Rotation: put the new key first in CHECKUPS_NOTE_KEYS (keep the old one after it), run
this command, then remove the old key. Works in batches; safe to run twice.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.crypto import rotate_token

TABLES = (("checkups_sessionnote", "text"), ("checkups_booking", "note"), ("checkups_booking", "call_number"))


class Command(BaseCommand):
    help = "Re-encrypt check-ups notes with the newest key in CHECKUPS_NOTE_KEYS."

    def handle(self, *args, **options):
        total = 0
        for table, column in TABLES:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - fixed names
                for pk, token in cursor.fetchall():
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE id = %s",
                        [rotate_token(token, keys_setting="CHECKUPS_NOTE_KEYS"), pk],
                    )  # noqa: S608
                    total += 1
        self.stdout.write(f"Re-encrypted {total} notes with the newest key.")
