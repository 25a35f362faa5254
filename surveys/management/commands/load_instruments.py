from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.engine import InstrumentError
from surveys.services import instruments_load


class Command(BaseCommand):
    help = "Validate the instrument data files and load them into the database (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="Folder of instrument files (default: surveys/instruments).")
        parser.add_argument(
            "--deactivate-missing", action="store_true", help="Stop offering instruments whose file is gone."
        )

    def handle(self, *args, directory=None, deactivate_missing=False, **options):
        try:
            outcome = instruments_load(directory=directory, deactivate_missing=deactivate_missing)
        except InstrumentError as exc:
            raise CommandError(f"Instrument file not loaded: {exc}") from exc
        for key, state in sorted(outcome.items()):
            self.stdout.write(f"{key}: {state}")
