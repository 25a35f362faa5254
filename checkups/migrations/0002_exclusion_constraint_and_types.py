"""PostgreSQL only: no two active appointments of one psychologist may overlap in time.

An ExclusionConstraint needs btree_gist and PostgreSQL, and SQLite must still migrate,
so the operation does nothing on other databases (where the partial unique index on
the slot and the row lock in the booking service still hold). Also the starting set of
appointment types, as data the wellbeing officer can change.
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


TYPES = [
    {
        "slug": "check-up",
        "order": 10,
        "duration_minutes": 60,
        "name_en": "Mental check-up",
        "name_nl": "Mentale check-up",
        "name_da": "Mentalt tjek",
        "description_en": "About an hour with a psychologist to look at how you are doing and what keeps you strong.",
        "description_nl": "Een uur met een psycholoog om samen te kijken hoe het met je gaat en wat je sterk houdt.",
        "description_da": "Cirka en time med en psykolog, hvor I ser på, hvordan du har det, og hvad der holder dig stærk.",
    },
    {
        "slug": "preventive-talk",
        "order": 20,
        "duration_minutes": 45,
        "name_en": "Preventive talk",
        "name_nl": "Preventief gesprek",
        "name_da": "Forebyggende samtale",
        "description_en": "A talk for anyone whose work asks a lot emotionally, before it starts to weigh too much.",
        "description_nl": "Een gesprek als je werk emotioneel veel van je vraagt, voordat het te zwaar wordt.",
        "description_da": "En samtale, hvis dit arbejde kræver meget af dig følelsesmæssigt, før det bliver for tungt.",
    },
    {
        "slug": "deployment-talk",
        "order": 30,
        "duration_minutes": 60,
        "bookable_by": "deployed",
        "is_deployment_talk": True,
        "name_en": "Deployment talk",
        "name_nl": "Gesprek rond uitzending",
        "name_da": "Samtale om udsendelse",
        "description_en": "Talks before, during (by video) and after a deployment, for example service in Greenland.",
        "description_nl": "Gesprekken voor, tijdens (via video) en na een uitzending, bijvoorbeeld dienst in Groenland.",
        "description_da": "Samtaler før, under (på video) og efter en udsendelse, for eksempel tjeneste i Grønland.",
    },
    {
        "slug": "open-consultation",
        "order": 40,
        "duration_minutes": 45,
        "allows_open_consultation": True,
        "name_en": "Open consultation",
        "name_nl": "Open spreekuur",
        "name_da": "Åben rådgivning",
        "description_en": "Talk to a psychologist without giving your name. You choose what they call you.",
        "description_nl": "Praat met een psycholoog zonder je naam te geven. Je kiest zelf hoe je genoemd wordt.",
        "description_da": "Tal med en psykolog uden at oplyse dit navn. Du vælger selv, hvad du vil kaldes.",
    },
]


def add_types(apps, schema_editor):
    AppointmentType = apps.get_model("checkups", "AppointmentType")
    for fields in TYPES:
        AppointmentType.objects.get_or_create(slug=fields["slug"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("checkups", "0001_initial")]

    operations = [
        migrations.RunPython(add_exclusion, drop_exclusion, elidable=False),
        migrations.RunPython(add_types, migrations.RunPython.noop),
    ]
