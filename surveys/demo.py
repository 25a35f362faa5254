"""Demo data: the shipped instruments, and a year of anonymous statistics so that the
wellbeing officer's table shows both visible and hidden cells."""

import datetime as dt
import random

from django.utils import timezone

from core.demo import demo_seeder

from .models import SelfTestStatistic
from .selectors import engine_instrument
from .services import instruments_load, iso_week


@demo_seeder
def seed_selftests(*, stdout):
    outcome = instruments_load()
    stdout.write(f"Self-test instruments: {', '.join(f'{k} {v}' for k, v in sorted(outcome.items()))}")
    if SelfTestStatistic.objects.exists():
        return
    from .models import Instrument

    rng = random.Random(5)  # the same demo every time
    today = timezone.localdate()
    rows = []
    for instrument in [engine_instrument(row) for row in Instrument.objects.all()]:
        bands = instrument.band_keys()
        # Milder results are more common, as in a working population.
        weights = [{0: 10, 1: 5, 2: 3, 3: 1}[band.level] for band in instrument.statistics.bands]
        per_week = {"who5": 16, "phq9": 10, "gad7": 8, "k10": 6, "pcl5": 4, "cbi": 6}.get(instrument.key, 4)
        for weeks_back in range(1, 40):
            week = iso_week(today - dt.timedelta(weeks=weeks_back))
            for _ in range(rng.randint(0, per_week)):
                band = rng.choices(bands, weights=weights)[0]
                rows.append(SelfTestStatistic(instrument=instrument.key, band=band, iso_week=week))
    rng.shuffle(rows)
    SelfTestStatistic.objects.bulk_create(rows)
    stdout.write(f"Self-test statistics: {len(rows)} anonymous demo rows")
