from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import users_import_csv


class Command(BaseCommand):
    help = "Create or update accounts from a CSV file (see README: Provisioning accounts)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        if not csv_file.is_file():
            raise CommandError(f"No such file: {csv_file}")
        report = users_import_csv(text=csv_file.read_text(encoding="utf-8-sig"))
        for error in report.errors:
            self.stderr.write(error)
        # "imported" are new accounts; "updated" existed already; "skipped" rows changed nothing.
        self.stdout.write(f"imported={report.created} updated={report.updated} skipped={report.skipped}")
        if report.errors:
            # The good rows are in; a failing exit tells a script to look at the lines above.
            raise CommandError(f"{report.skipped} row(s) skipped: see the lines above.")
