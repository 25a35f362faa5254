"""What the benchmark commands share (`manage.py bench_*` / `benchmark_*`, docs/performance.md):
a run whose generated data is rolled back, a query counter that sees every query (Django's
query log stops at 9,000), and the machine's load average to print beside each figure."""

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction


class _Rollback(Exception):
    pass


def rolled_back(run: Callable[[], None]) -> None:
    """Call `run` in a transaction that is then rolled back: nothing generated stays behind."""
    try:
        with transaction.atomic():
            run()
            raise _Rollback
    except _Rollback:
        pass


@dataclass
class Timing:
    seconds: float = 0.0
    queries: int = 0


@contextmanager
def measured():
    """Wall time and every query the default connection runs inside the block."""
    timing = Timing()

    def counter(execute, sql, params, many, context):
        timing.queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        try:
            yield timing
        finally:
            timing.seconds = time.perf_counter() - start


def load_average() -> str:
    """The 1, 5 and 15 minute load averages ("" where /proc is not there): figures from a
    shared machine say how busy it was."""
    try:
        with open("/proc/loadavg") as loadavg:
            return " ".join(loadavg.read().split()[:3])
    except OSError:
        return ""
