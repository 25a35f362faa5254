"""The follow-up protocols and the reflection questions the portal ships come with every
migrate (a post_migrate receiver), not with a first page view, and never undo an officer's
changes."""

from django.core.management.sql import emit_post_migrate_signal

from peer_support.models import FollowUpProtocol, ReflectionFramework
from peer_support.presets import PRESETS, REFLECTION_FRAMEWORK


def migrate_again():
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def test_the_test_database_got_them_from_migrate(db):
    assert set(FollowUpProtocol.objects.values_list("code", flat=True)) == {spec["code"] for spec in PRESETS}
    assert ReflectionFramework.objects.filter(code=REFLECTION_FRAMEWORK["code"]).exists()


def test_another_migrate_keeps_the_timings_an_officer_changed(db):
    step = FollowUpProtocol.objects.get(code="tco").steps.get(order=2)
    step.offset_hours = 72
    step.save(update_fields=["offset_hours"])
    migrate_again()
    step.refresh_from_db()
    assert step.offset_hours == 72
    assert FollowUpProtocol.objects.count() == len(PRESETS)


def test_a_preset_deleted_since_is_back_after_the_next_migrate(db):
    FollowUpProtocol.objects.filter(code="dk-police").delete()
    ReflectionFramework.objects.all().delete()
    migrate_again()
    assert FollowUpProtocol.objects.filter(code="dk-police").exists()
    assert ReflectionFramework.objects.filter(code=REFLECTION_FRAMEWORK["code"]).exists()
