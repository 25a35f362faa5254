"""Re-encrypt every question and answer with the first key of EXPERTS_KEYS.

Rotation: put the new key first in EXPERTS_KEYS (keep the old one after it), run this
command, then remove the old key. Safe to run twice.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.crypto import rotate_token

TABLES = (("experts_question", "text"), ("experts_question", "answer"))


class Command(BaseCommand):
    help = "Re-encrypt questions to the psychologists and their answers with the newest key in EXPERTS_KEYS."

    def handle(self, *args, **options):
        total = 0
        for table, column in TABLES:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 - fixed names
                for pk, token in cursor.fetchall():
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608 - fixed names
                        [rotate_token(token, keys_setting="EXPERTS_KEYS"), pk],
                    )
                    total += 1
        self.stdout.write(f"Re-encrypted {total} texts with the newest key.")
