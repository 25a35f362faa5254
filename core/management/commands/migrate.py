"""Django's `migrate`, one at a time per database.

Every web pod of the Kubernetes manifest migrates in its init container before it starts
(deploy/k8s/portal.yml), so a rollout of several pods starts several `migrate` side by side.
Django does not guard against that: two processes that both find a migration unapplied both
run it, and a data migration (RunPython) is then applied twice, or the second process fails
half-way on a table the first has just made. Here `migrate` first takes a PostgreSQL advisory
lock on its database: a second one waits, then finds nothing left to do. The lock belongs to
the connection, so a process that dies lets the next one in. SQLite (the embedded default, one
process) needs none.

A session lock needs a session: run `migrate` against PostgreSQL directly or through a pool in
session mode, never through a transaction pooler, which would take and release the lock on
different server connections (docs/operations.md, "Running it and scaling out").
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DatabaseError, connections

# Any fixed int4 pair that no other lock of the project uses (notifications.services uses 7100
# for the outbox's drain slots); `pg_locks` shows it as classid 7200, objid 0.
MIGRATE_LOCK = (7200, 0)


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", MIGRATE_LOCK)
            if not cursor.fetchone()[0]:
                self.stdout.write("Another migrate is running on this database; waiting for it to finish.")
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", MIGRATE_LOCK)
        try:
            return super().handle(*args, **options)
        finally:
            self._unlock(connection)

    def _unlock(self, connection) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", MIGRATE_LOCK)
                held = cursor.fetchone()[0]
        except DatabaseError:  # the connection broke: its lock went with it (keep the first error)
            return
        if not held:
            self.stderr.write(
                "The migrate lock was not held by this connection at the end: is DATABASE_URL a "
                "transaction pooler? Migrate against PostgreSQL directly or a session-mode pool."
            )
