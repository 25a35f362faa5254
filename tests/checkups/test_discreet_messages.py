"""E-mails say only when, with a neutral link into the portal; confirmation pages send people to the
video room through the portal, never with the room's own address (which names the psychologist)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, Mode
from notifications.email import render_email
from notifications.models import OutboxMessage

ROOM = "video.example.org"


def _forbidden(profile, location, types) -> list[str]:
    words = [ROOM, "petra", profile.user.last_name.lower(), location.name.lower(), "rademarkt", "050-555", "5550100"]
    words += ["612345678", "psycholog", "check-up", "tjek", "preventi", "forebyg"]
    return words + [t.slug for t in types.values()]


@pytest.mark.parametrize("mode", [Mode.VIDEO, Mode.PHONE, Mode.IN_PERSON])
def test_no_appointment_e_mail_carries_a_room_an_address_a_name_a_number_or_the_kind_of_talk(
    mode, alice, profile, location, make_slot, types, checkup
):
    # A name no e-mail word can contain by chance (the factory's random names could be "Hall").
    profile.user.last_name = "Vanderzwaluw"
    profile.user.save(update_fields=["last_name"])
    number = "+31612345678" if mode == Mode.PHONE else ""
    booking = services.booking_create(
        slot=make_slot(days=3, mode=mode), employee=alice, appointment_type=checkup, call_number=number
    )
    services.reminders_schedule(now=booking.starts_at - dt.timedelta(hours=30))
    services.follow_up_suggest(booking=booking, appointment_type=types["preventive-talk"])
    moved = services.booking_reschedule(booking=booking, new_slot=make_slot(days=4, mode=mode))
    services.booking_cancel(booking=moved, by=Booking.CancelledBy.EMPLOYEE)
    again = services.booking_create(
        slot=make_slot(days=6, mode=mode), employee=alice, appointment_type=checkup, call_number=number
    )
    make_slot(days=9, mode=mode)  # the new time offered after an absence
    day = timezone.localdate(again.starts_at)
    services.absence_create(psychologist=profile, start_date=day, end_date=day, kind="sick")

    rows = list(OutboxMessage.objects.all())
    templates = {row.template for row in rows}
    assert {"checkups_confirmation", "checkups_reminder", "checkups_follow_up", "checkups_cancelled"} <= templates
    assert {"checkups_provider_new", "checkups_provider_cancelled"} <= templates
    forbidden = _forbidden(profile, location, types)
    for row in rows:
        stored = (json.dumps(row.context) + json.dumps(row.attachments)).lower()
        for language in ("en", "nl", "da"):
            subject, body, html = render_email(row.template, row.context, language=language, tzinfo=alice.tzinfo)
            text = (subject + body + (html or "")).lower()
            for word in forbidden:
                assert word not in text, f"{row.template} ({language}) says {word!r}"
        for word in forbidden:
            if word not in ("petra",):  # the attendee of a calendar file is the person, never Petra
                assert word not in stored, f"{row.template} keeps {word!r}"


def test_the_confirmation_and_appointments_pages_lead_to_the_video_room_through_the_portal(
    alice, charlie, make_slot, checkup, client
):
    slot = make_slot(days=3, mode=Mode.VIDEO)
    client.force_login(alice)
    done = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": slot.pk})
    booking = Booking.objects.get(employee=alice)
    join_url = reverse("checkups:join", args=[booking.pk])
    for page in (client.get(done["Location"]), client.get(reverse("checkups:my_appointments"))):
        html = page.content.decode()
        assert ROOM not in html and f'href="{join_url}"' in html
    joined = client.get(join_url)
    assert joined.status_code == 302 and joined["Location"] == "https://video.example.org/petra"
    assert joined["Referrer-Policy"] == "no-referrer"
    client.force_login(charlie)
    assert client.get(join_url).status_code == 404


def test_an_open_consultations_pages_never_show_the_room_and_join_through_the_remembered_browser(make_slot, open_type):
    slot = make_slot(days=3, mode=Mode.VIDEO)
    browser = Client()
    created = browser.post(
        reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": "R"}
    )
    assert ROOM not in created.content.decode()
    assert "You join it from your appointment" in created.content.decode()
    assert browser.get(reverse("checkups:open_join"))["Location"] == reverse("checkups:open_manage")
    browser.post(reverse("checkups:open_manage"), {"code": created.context["code"]})
    manage = browser.get(reverse("checkups:open_manage")).content.decode()
    assert ROOM not in manage and f'href="{reverse("checkups:open_join")}"' in manage
    assert browser.get(reverse("checkups:open_join"))["Location"] == "https://video.example.org/petra"


def test_the_follow_up_link_finds_the_psychologist_and_the_kind_of_talk_in_the_portal(
    alice, charlie, make_slot, checkup, preventive, client
):
    booking = services.booking_create(slot=make_slot(days=2), employee=alice, appointment_type=checkup)
    path = services.follow_up_suggest(booking=booking, appointment_type=preventive).context["book_path"]
    client.force_login(alice)
    landed = client.get(path)
    expected = reverse("checkups:slots", args=[preventive.slug]) + f"?psychologist={booking.psychologist_id}"
    assert landed.status_code == 302 and landed["Location"] == expected
    client.force_login(charlie)
    assert client.get(path).status_code == 404
