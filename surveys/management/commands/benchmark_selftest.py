"""Prints how fast self-tests score and how fast the officer's table is built.

    python manage.py benchmark_selftest [--answers 2000] [--rows 50000]

Scoring touches no database. The statistics part writes `--rows` anonymous rows inside a
transaction that is rolled back at the end, so it leaves nothing behind.
"""

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from surveys.engine import score
from surveys.models import SelfTestStatistic
from surveys.selectors import engine_instrument, statistics_tables
from surveys.services import instruments_load, iso_week


class Command(BaseCommand):
    help = "Benchmark self-test scoring and the statistics table; prints figures."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=int, default=2000, help="Answer sets scored per instrument.")
        parser.add_argument("--rows", type=int, default=50000, help="Statistics rows for the table benchmark.")

    def handle(self, *args, answers, rows, **options):
        from surveys.models import Instrument

        instruments_load()
        rng = random.Random(1)
        instruments = [engine_instrument(row) for row in Instrument.objects.all()]
        for instrument in instruments:
            sets = [
                {item.key: rng.choice(item.scale.values) for item in instrument.items if item.scored}
                for _ in range(answers)
            ]
            start = time.perf_counter()
            for answer_set in sets:
                score(instrument, answer_set)
            elapsed = time.perf_counter() - start
            self.stdout.write(
                f"score {instrument.key:5}: {answers} answer sets in {elapsed * 1000:.1f} ms "
                f"({elapsed / answers * 1e6:.1f} µs each)"
            )

        with transaction.atomic():
            today = dt.date.today()
            batch = []
            for _ in range(rows):
                instrument = rng.choice(instruments)
                week = iso_week(today - dt.timedelta(weeks=rng.randint(0, 51)))
                batch.append(
                    SelfTestStatistic(instrument=instrument.key, band=rng.choice(instrument.band_keys()), iso_week=week)
                )
            SelfTestStatistic.objects.bulk_create(batch, batch_size=5000)
            start = time.perf_counter()
            tables = statistics_tables()
            elapsed = time.perf_counter() - start
            cells = sum(len(row.cells) for table in tables for row in table.rows)
            self.stdout.write(f"statistics table: {rows} rows -> {cells} cells in {elapsed * 1000:.1f} ms")
            transaction.set_rollback(True)
