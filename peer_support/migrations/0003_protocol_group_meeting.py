from django.db import migrations, models


def presets_meeting_kind(apps, schema_editor):
    """Protocols loaded before this field existed: the Danish police preset calls for a
    psychologist's debriefing; the others keep the default, a short group talk."""
    FollowUpProtocol = apps.get_model("peer_support", "FollowUpProtocol")
    FollowUpProtocol.objects.filter(code="dk-police", preset=True).update(group_meeting="debriefing")


class Migration(migrations.Migration):
    dependencies = [
        ("peer_support", "0002_log_entry_deleted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupprotocol",
            name="group_meeting",
            field=models.CharField(
                choices=[
                    ("debriefing", "Debriefing, led by a psychologist"),
                    ("defusing", "Defusing, a short group talk"),
                ],
                default="defusing",
                max_length=20,
                verbose_name="group meeting",
            ),
        ),
        migrations.RunPython(presets_meeting_kind, migrations.RunPython.noop),
    ]
