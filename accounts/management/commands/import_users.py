from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import IMPORT_CLOSE_MAX_SHARE, users_import_csv


class Command(BaseCommand):
    help = "Create, update or close accounts from a CSV file (see docs/operations.md: When people leave)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="The file is a full export: close every open account of the organisation's e-mail domain(s) "
            "that is not in it.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report everything; change nothing.")
        parser.add_argument(
            "--force",
            action="store_true",
            help=f"Close the missing accounts even if they are more than {IMPORT_CLOSE_MAX_SHARE:.0%} of them.",
        )

    def handle(self, *args, csv_file: Path, deactivate_missing=False, dry_run=False, force=False, **options):
        if not csv_file.is_file():
            raise CommandError(f"No such file: {csv_file}")
        report = users_import_csv(
            text=csv_file.read_text(encoding="utf-8-sig"),
            deactivate_missing=deactivate_missing,
            dry_run=dry_run,
            force=force,
        )
        for error in report.errors:
            self.stderr.write(error)
        verb = "would close" if dry_run else "closed"
        for email in report.closed:
            self.stdout.write(f"{verb}: {email}")
        if report.refused:
            for email in report.missing:
                self.stdout.write(f"missing: {email}")
            self.stderr.write(report.refused)
        # "imported" are new accounts; "updated" existed already; "skipped" rows changed nothing.
        summary = f"imported={report.created} updated={report.updated} skipped={report.skipped}"
        if report.closed or deactivate_missing:
            summary += f" closed={len(report.closed)}"
        if dry_run:
            summary += " (dry run: nothing was changed)"
        self.stdout.write(summary)
        if report.errors:
            # The good rows are in; a failing exit tells a script to look at the lines above.
            raise CommandError(f"{report.skipped} row(s) skipped: see the lines above.")
        if report.refused:
            raise CommandError(report.refused)
