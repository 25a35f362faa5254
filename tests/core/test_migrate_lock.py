"""`migrate` runs one at a time per database (core/management/commands/migrate.py): the web
pods of a rollout each migrate in their init container, side by side."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections

from core.management.commands.migrate import MIGRATE_LOCK

pytestmark = pytest.mark.postgres


def _migrate_locks(*, granted: bool) -> int:
    """The migrate locks in this test database (pg_locks shows those of every database, and
    other xdist workers create theirs with `migrate`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s "
            "AND objsubid = 2 AND granted = %s "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [*MIGRATE_LOCK, granted],
        )
        return cursor.fetchone()[0]


def test_a_second_migrate_waits_for_the_first_and_then_runs(db):
    first = connection.Database.connect(**connection.get_connection_params())  # another pod's migrate
    first.autocommit = True
    first.cursor().execute("SELECT pg_advisory_lock(%s, %s)", MIGRATE_LOCK)
    output, finished = io.StringIO(), threading.Event()

    def second():
        try:
            # --check: the same command and lock, and nothing written outside the test's transaction.
            call_command("migrate", check_unapplied=True, verbosity=0, stdout=output)
            finished.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=second)
    try:
        thread.start()
        deadline = time.monotonic() + 20
        while not _migrate_locks(granted=False) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _migrate_locks(granted=False) == 1, "the second migrate is not waiting for the lock"
        assert not finished.is_set()
        assert "Another migrate is running on this database" in output.getvalue()
    finally:
        first.close()  # the first one ends (or dies): its lock goes with its connection
        thread.join(30)
    assert finished.is_set()


def test_migrate_lets_go_of_the_lock_when_it_is_done(db):
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert _migrate_locks(granted=True) == 0
