"""Appointment types: what staff can book, edited by the wellbeing officer in three languages."""

from django.urls import reverse
from django.utils import translation


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
