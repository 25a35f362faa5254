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
        self.stdout.write(f"created={report.created} updated={report.updated} errors={len(report.errors)}")
        if report.errors:
            raise CommandError("Some rows were not imported.")
