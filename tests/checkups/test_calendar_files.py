"""Calendar files say when, and nothing about with whom or what kind of care."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from checkups import services
from checkups.calendar import invitation_ics
from checkups.models import Mode


def _event(ics: str):
    return Calendar.from_ical(ics).walk("VEVENT")[0]


def _shown(event) -> str:
    """Every property a calendar program may show or pass on (the UID it never shows)."""
    return " ".join(f"{name}:{value} {getattr(value, 'params', '')}" for name, value in event.items() if name != "UID")


@pytest.mark.parametrize("mode", [Mode.VIDEO, Mode.PHONE, Mode.IN_PERSON])
@pytest.mark.parametrize("method", ["REQUEST", "CANCEL", "PUBLISH"])
def test_the_calendar_file_names_neither_the_psychologist_nor_the_place(
    alice, make_slot, checkup, mode, method, settings
):
    settings.DEFAULT_FROM_EMAIL = "Staff portal <no-reply@portal.example>"
    booking = services.booking_create(
        slot=make_slot(days=3, mode=mode), employee=alice, appointment_type=checkup, call_number="+31612345678"
    )
    event = _event(invitation_ics(booking, method=method))
    organiser = event["ORGANIZER"]
    assert str(organiser) == "mailto:no-reply@portal.example"
    assert str(organiser.params["CN"]) == "Staff portal"
    assert str(event["LOCATION"]) == "Details in the portal"
    assert str(event["SUMMARY"]) == "Appointment" and str(event["CLASS"]) == "PRIVATE"
    assert "URL" not in event
    shown = _shown(event).lower()
    for word in ("petra", "video.example.org", "groningen", "rademarkt", "psycholog", "check", "050-555", "612345678"):
        assert word not in shown
    assert reverse("checkups:start") not in shown  # the link goes to the portal's front page


def test_the_open_consultations_calendar_file_is_as_neutral(make_slot, open_type, client):
    slot = make_slot(days=3)
    response = client.post(
        reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": "R"}
    )
    client.post(reverse("checkups:open_manage"), {"code": response.context["code"]})
    ics = client.post(reverse("checkups:open_invitation")).content.decode()
    event = _event(ics)
    assert str(event["LOCATION"]) == "Details in the portal"
    assert "petra" not in _shown(event).lower()


@pytest.mark.parametrize(("language", "expected"), [("nl", "Details in het portaal"), ("da", "Detaljer i portalen")])
def test_the_location_text_is_in_the_persons_language(alice, make_slot, checkup, language, expected):
    alice.language = language
    alice.save()
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    assert str(_event(invitation_ics(booking))["LOCATION"]) == expected


def test_the_invitation_of_a_moved_appointment_is_only_the_new_one(alice, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    moved = services.booking_reschedule(booking=booking, new_slot=make_slot(days=4))
    client.force_login(alice)
    assert client.get(reverse("checkups:invitation", args=[booking.pk])).status_code == 404
    ics = client.get(reverse("checkups:invitation", args=[moved.pk])).content.decode()
    assert "METHOD:REQUEST" in ics and "SEQUENCE:1" in ics and str(booking.uid) in ics
    assert client.get(reverse("checkups:confirmed", args=[booking.pk])).status_code == 302
