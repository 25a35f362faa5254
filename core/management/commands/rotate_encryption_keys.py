"""Re-encrypt every encrypted column (or those named) with the first key of its key list.

The procedure (docs/operations.md, "Rotating an encryption key"): put a new key first in the
setting, keep the old one after it, deploy, run this command until it reports nothing left
to rotate and nothing unreadable, then remove the old key and deploy again.
"""

from django.core.management.base import BaseCommand, CommandError

from core.rotation import encrypted_field_rotate, encrypted_fields, encrypted_fields_named


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the first key of their key setting (MultiFernet rotate)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--field",
            action="append",
            default=[],
            metavar="APP.MODEL.FIELD",
            help="Rotate only this field (repeatable). Default: every encrypted field of the project.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be re-encrypted; change nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, field, dry_run, batch_size, **options):
        try:
            items = encrypted_fields_named(field) if field else encrypted_fields()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        unreadable = 0
        for item in items:
            result = encrypted_field_rotate(item=item, dry_run=dry_run, batch_size=batch_size)
            unreadable += result.unreadable
            self.stdout.write(
                f"{result.label} ({item.keys_setting}): {verb} {result.rotated}, "
                f"already current {result.current}, unreadable {result.unreadable}"
            )
        if unreadable:
            # Keep the old key: something is still encrypted with a key that is not in the list.
            raise CommandError(
                f"{unreadable} values could not be decrypted with any configured key; keep the old keys."
            )
        self.stdout.write(self.style.SUCCESS("Done." if not dry_run else "Dry run: nothing changed."))
