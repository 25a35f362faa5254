"""Replace the readable keys of existing outbox rows by their opaque form.

Rows keep their identity: a scan that runs after this migration computes the same opaque
key for the same readable key and finds the row, so no reminder is scheduled twice, and
cancelling by prefix finds the old rows too. This uses the live `notifications.keys` on
purpose: the stored form must be exactly what the code computes.

A database administrator can still find the readable keys in old row versions until
PostgreSQL vacuums the table, and in WAL archives and backups made before the migration:
run `VACUUM FULL notifications_outboxmessage` after deploying if that matters.
"""

import re

from django.db import migrations, models

# A deployment's first reminder of a phase was `deployment:<pk>:remind-<phase>`; its
# readable form now ends in `:first`, so that `...:remind-<phase>:` cancels every reminder
# of the phase.
OLD_DEPLOYMENT_KEY = re.compile(r"^(deployment:\d+:remind-[a-z]+)$")
OPAQUE = re.compile(r"^[0-9a-f]{192}$")


def make_keys_opaque(apps, schema_editor):
    from notifications.keys import opaque_key

    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    last_pk = 0
    while True:
        # Batches by primary key: no cursor stays open on the table while it is updated.
        batch = list(OutboxMessage.objects.filter(pk__gt=last_pk).order_by("pk").only("pk", "key")[:2000])
        if not batch:
            return
        last_pk = batch[-1].pk
        changed = [message for message in batch if not OPAQUE.match(message.key)]
        for message in changed:
            message.key = opaque_key(OLD_DEPLOYMENT_KEY.sub(r"\1:first", message.key))
        OutboxMessage.objects.bulk_update(changed, ["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(make_keys_opaque, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="outboxmessage",
            name="key",
            field=models.CharField(max_length=192, unique=True, verbose_name="idempotency key"),
        ),
    ]
