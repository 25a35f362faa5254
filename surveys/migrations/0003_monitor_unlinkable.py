"""Who answered lives apart from what they drafted, and neither outlives the campaign.

Moves each open campaign's drafts into the encrypted `Draft` table and its `responded`
flags into `Submission`, encrypts held answers and splits their comments off, then drops
the old columns. Raises the minimum groups of campaigns not yet closed to the documented
floors (5 and 10); closed campaigns keep the results they were computed with.
"""

import json
import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.crypto


def forwards(apps, schema_editor):
    Campaign = apps.get_model("surveys", "Campaign")
    Participation = apps.get_model("surveys", "Participation")
    Draft = apps.get_model("surveys", "Draft")
    Submission = apps.get_model("surveys", "Submission")
    HeldResponse = apps.get_model("surveys", "HeldResponse")
    HeldComment = apps.get_model("surveys", "HeldComment")
    for participation in Participation.objects.filter(campaign__status="open").iterator():
        if participation.responded:
            Submission.objects.create(campaign_id=participation.campaign_id, user_id=participation.user_id)
        elif participation.draft:
            Draft.objects.create(
                campaign_id=participation.campaign_id,
                user_id=participation.user_id,
                answers=json.dumps(participation.draft.get("answers", {})),
                comment=participation.draft.get("comment", ""),
            )
    for held in HeldResponse.objects.all().iterator():
        held.answers_token = json.dumps(held.answers or {})
        held.save(update_fields=["answers_token"])
        if (held.comment or "").strip():
            HeldComment.objects.create(campaign_id=held.campaign_id, report_unit_id=held.report_unit_id, text=held.comment)
    for campaign in Campaign.objects.exclude(status="closed"):
        campaign.min_group = max(campaign.min_group, 5)
        campaign.min_group_health = max(campaign.min_group_health, 10, campaign.min_group)
        campaign.save(update_fields=["min_group", "min_group_health"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("surveys", "0002_monitor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Draft",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("answers", core.crypto.EncryptedTextField(blank=True, keys_setting="MONITOR_DRAFT_KEYS")),
                ("comment", core.crypto.EncryptedTextField(blank=True, keys_setting="MONITOR_DRAFT_KEYS")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.campaign"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("campaign", "user"), name="monitor_one_draft_per_person")],
            },
        ),
        migrations.CreateModel(
            name="Submission",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.campaign"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "user"), name="monitor_one_submission_per_person")
                ],
            },
        ),
        migrations.CreateModel(
            name="HeldComment",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("text", core.crypto.EncryptedTextField(keys_setting="MONITOR_DRAFT_KEYS")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.campaign"
                    ),
                ),
                (
                    "report_unit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisationunit",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="heldresponse",
            name="answers_token",
            field=core.crypto.EncryptedTextField(blank=True, keys_setting="MONITOR_DRAFT_KEYS"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="heldresponse", name="answers"),
        migrations.RemoveField(model_name="heldresponse", name="comment"),
        migrations.RenameField(model_name="heldresponse", old_name="answers_token", new_name="answers"),
        migrations.AlterField(
            model_name="heldresponse",
            name="answers",
            field=core.crypto.EncryptedTextField(keys_setting="MONITOR_DRAFT_KEYS"),
        ),
        migrations.RemoveField(model_name="participation", name="draft"),
        migrations.RemoveField(model_name="participation", name="responded"),
        migrations.AlterField(
            model_name="campaign",
            name="min_group",
            field=models.PositiveSmallIntegerField(
                default=5,
                validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(50)],
                verbose_name="minimum group for work-environment figures",
            ),
        ),
        migrations.AlterField(
            model_name="campaign",
            name="min_group_health",
            field=models.PositiveSmallIntegerField(
                default=10,
                validators=[
                    django.core.validators.MinValueValidator(10),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="minimum group for health figures and comments",
            ),
        ),
    ]
    operations += [
        migrations.AlterField(
            model_name=model_name,
            name="report_unit",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisationunit"
            ),
        )
        for model_name in ("comment", "heldresponse", "participation", "response")
    ]
