"""Run several pieces of work at the same moment, each in its own thread and so on its own
database connection: the harness of the race tests on real PostgreSQL."""

import threading

from django.db import connection


def run_at_once(workers, *, timeout: float = 60) -> list:
    """Start every callable of `workers` together (a barrier) and return what each returned,
    or the exception it raised, in the same order. Each thread closes its connection."""
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
