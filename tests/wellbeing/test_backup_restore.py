"""Backup and restore (issue 16), with the commands an operator runs: scripts/backup.sh dumps the
database, scripts/restore.sh restores it into a new one and checks the schema against the code.
The restored copy has every row, and its encrypted fields open with the same keys.

The source is the test database (its rows committed: a transactional test); the target a
throwaway database with a random name, dropped at the end. The shared server is otherwise
untouched."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User
from notifications.models import OutboxMessage
from notifications.services import message_schedule
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
PHONE = "+31612345678"


def url_of(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def run(*command, **env):
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def row_counts(dbname: str) -> dict[str, int]:
    params = {**connection.get_connection_params(), "dbname": dbname}
    params.pop("cursor_factory", None)
    session = connection.Database.connect(**params)
    try:
        with session.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        session.close()


def stored_phone(dbname: str, email: str) -> str:
    params = {**connection.get_connection_params(), "dbname": dbname}
    params.pop("cursor_factory", None)
    session = connection.Database.connect(**params)
    try:
        with session.cursor() as cursor:
            cursor.execute("SELECT alert_phone FROM accounts_user WHERE email = %s", [email])
            return cursor.fetchone()[0]
    finally:
        session.close()


@pytest.fixture
def target():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"wb_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def data(org):
    person = UserFactory(email="restore@example.org", unit=org["team_a"])
    person.alert_phone = PHONE
    person.save(update_fields=["alert_phone"])
    for n in range(3):
        message_schedule(key=f"restore:{n}", template="portal_notice", recipient=person, due_at=person.date_joined)
    return person


def test_a_backup_restores_into_a_new_database_with_every_row_and_readable_encrypted_fields(data, target, tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.fail("pg_dump and pg_restore must be installed (the postgresql-client package)")
    source = connection.settings_dict["NAME"]

    backup = run("scripts/backup.sh", str(tmp_path / "backups"), DATABASE_URL=url_of(source))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.is_file() and dump.name.startswith(f"{source}-") and dump.suffix == ".dump"
    assert dump.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert PHONE.encode() not in dump.read_bytes()  # encrypted in the dump as in the table

    restore = run("scripts/restore.sh", str(dump), url_of(target))
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert "the schema matches this code's migrations" in restore.stdout

    counts = row_counts(target)
    assert counts == row_counts(source)
    assert counts["accounts_user"] >= 1 and counts["django_migrations"] > 0
    assert counts[OutboxMessage._meta.db_table] == 3

    raw = stored_phone(target, data.email)
    assert raw and PHONE not in raw
    assert User._meta.get_field("alert_phone").from_db_value(raw, None, connection) == PHONE

    # A second restore over the copy is refused unless asked for: a slip of the target URL
    # must not wipe a live database.
    again = run("scripts/restore.sh", "--no-check", str(dump), url_of(target))
    assert again.returncode == 3 and "refusing to restore over it" in again.stderr
    forced = run("scripts/restore.sh", "--force", "--no-check", str(dump), url_of(target))
    assert forced.returncode == 0, forced.stderr
    assert row_counts(target) == counts


def test_restore_refuses_a_file_that_is_not_a_dump(target, tmp_path):
    junk = tmp_path / "junk.dump"
    junk.write_text("not a dump")
    restore = run("scripts/restore.sh", str(junk), url_of(target))
    assert restore.returncode != 0
    assert row_counts(target) == {}  # nothing touched
