"""Appointment types: what staff can book, edited by the wellbeing officer in three languages."""

from django.apps import apps
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils import translation

from checkups.defaults import DEFAULT_TYPES
from checkups.models import AppointmentType


def test_the_wellbeing_officer_edits_appointment_types_in_three_languages(wim, client, checkup):
    client.force_login(wim)
    response = client.post(
        reverse("checkups:type_edit", args=[checkup.pk]),
        {
            "slug": checkup.slug,
            "name_en": "Check-up",
            "name_nl": "Check-up NL",
            "name_da": "Tjek",
            "duration_minutes": 50,
            "bookable_by": "everyone",
            "active": "on",
            "order": 10,
        },
    )
    assert response.status_code == 302
    checkup.refresh_from_db()
    assert checkup.name_nl == "Check-up NL" and checkup.duration_minutes == 50
    bad = client.post(reverse("checkups:type_new"), {"slug": "x", "name_en": "X", "duration_minutes": 5})
    assert bad.status_code == 200 and b"is-invalid" in bad.content


def test_a_type_is_named_in_the_readers_language_and_falls_back_to_english(checkup):
    checkup.description_da = ""
    with translation.override("da"):
        assert checkup.name == "Mentalt tjek"
        assert checkup.description == checkup.description_en
    with translation.override("nl-be"):
        assert checkup.name == "Mentale check-up"


def _migrate_signal():
    """What `migrate` sends for this app when it is done (without running the migrations)."""
    config = apps.get_app_config("checkups")
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )


def test_a_migrated_database_has_the_shipped_types_without_anything_else_running(db):
    assert set(AppointmentType.objects.values_list("slug", flat=True)) >= {t["slug"] for t in DEFAULT_TYPES}


def test_after_migrate_a_missing_type_is_made_again_and_an_edited_one_is_left_as_it_is(checkup, preventive):
    checkup.name_nl, checkup.duration_minutes, checkup.active = "Eigen naam", 50, False
    checkup.save()
    preventive.delete()
    _migrate_signal()
    _migrate_signal()
    checkup.refresh_from_db()
    assert (checkup.name_nl, checkup.duration_minutes, checkup.active) == ("Eigen naam", 50, False)
    assert AppointmentType.objects.filter(slug="preventive-talk").count() == 1
    assert AppointmentType.objects.count() == len(DEFAULT_TYPES)
