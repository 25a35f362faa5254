"""PostgreSQL only: no two active appointments of one psychologist may overlap in time.

An ExclusionConstraint needs btree_gist and PostgreSQL, and SQLite must still migrate,
so the operation does nothing on other databases (where the partial unique index on
the slot and the row lock in the booking service still hold).

The second operation once made the starting appointment types from a frozen copy of them.
Migrations change tables, not data (docs/conventions.md): the types now come from
checkups/defaults.py alone, through the post_migrate receiver in checkups/apps.py, which
makes the missing ones after every migrate. The step stays, as a no-op, so the migration's
operations keep their shape; databases that already ran it keep the types it made.
"""

from django.db import migrations

CONSTRAINT = "checkups_booking_no_overlap"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("checkups", "Booking")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(psychologist_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status <> 'cancelled')"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("checkups", "Booking")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("checkups", "0001_initial")]

    operations = [
        migrations.RunPython(add_exclusion, drop_exclusion, elidable=False),
        # Was: the starting appointment types. Now made after migrate from checkups/defaults.py.
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
