"""Re-encrypt the check-ups' encrypted fields only: `rotate_encryption_keys` limited to this app.

Kept for the runbooks that name it; `manage.py rotate_encryption_keys` rotates every
encrypted field of the project (docs/operations.md).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.rotation import encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt check-ups notes and numbers with the newest key in CHECKUPS_NOTE_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run, **options):
        labels = [item.label for item in encrypted_fields() if item.model._meta.app_label == "checkups"]
        call_command(
            "rotate_encryption_keys", *[f"--field={label}" for label in labels], dry_run=dry_run, stdout=self.stdout
        )
