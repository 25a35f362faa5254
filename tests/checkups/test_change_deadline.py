"""A time inside the deadline for changes (24 hours) says so before it is booked, the confirmation
promises only what holds for it, and every number to call is a tap-to-call link."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, Mode
from notifications.email import render_email
from notifications.models import OutboxMessage

PETRAS_LINK = '<a href="tel:+31505550100" class="text-nowrap">050-555 0100</a>'


@pytest.fixture
def soon_slot(make_slot):
    start = (timezone.now() + dt.timedelta(hours=5)).replace(second=0, microsecond=0)
    return make_slot(start=start)


def _slot_links(page: str) -> list[str]:
    return re.findall(r'<a class="btn btn-outline-primary slot-time" href="([^"]+)">(.*?)</a>', page, re.S)


def test_a_time_within_24_hours_says_before_booking_that_only_a_call_changes_it(
    alice, soon_slot, make_slot, checkup, client, mailoutbox
):
    later = make_slot(days=3)
    client.force_login(alice)
    week = client.get(reverse("checkups:slots", args=[checkup.slug])).content.decode()
    links = dict(_slot_links(week))
    soon_url = reverse("checkups:book", args=[checkup.slug, soon_slot.pk])
    later_url = reverse("checkups:book", args=[checkup.slug, later.pk])
    assert "within 24 hours" in links[soon_url]
    assert "within 24 hours" not in links[later_url]
    assert "once booked, you cannot move or cancel them yourself" in week

    confirm = client.get(soon_url).content.decode()
    assert (
        f"This time is within 24 hours: you cannot move or cancel it yourself; call {PETRAS_LINK} to change it."
        in confirm
    )
    assert "deadline-notice" not in client.get(later_url).content.decode()

    done = client.post(soon_url, {"slot": soon_slot.pk})
    booking = Booking.objects.get(employee=alice)
    page = client.get(done["Location"]).content.decode()
    assert "You can move or cancel it yourself" not in page
    assert "You get a reminder the day before" not in page  # too late for one
    assert f"call {PETRAS_LINK} to change it" in page

    listing = client.get(reverse("checkups:my_appointments")).content.decode()
    assert reverse("checkups:reschedule", args=[booking.pk]) not in listing
    assert reverse("checkups:cancel", args=[booking.pk]) not in listing
    assert f"please call {PETRAS_LINK}" in listing

    message = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:confirmation:0").get()
    _subject, body, _html = render_email(message.template, message.context, language="en")
    assert "See it in the portal:" in body and "move or cancel" not in body


def test_a_time_after_the_deadline_keeps_its_promise_to_move_or_cancel(alice, make_slot, checkup, client):
    slot = make_slot(days=3)
    client.force_login(alice)
    done = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": slot.pk})
    page = client.get(done["Location"]).content.decode()
    assert "You can move or cancel it yourself until 24 hours before." in page
    assert "You get a reminder the day before." in page
    booking = Booking.objects.get(employee=alice)
    message = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:confirmation:0").get()
    assert "See, move or cancel it:" in render_email(message.template, message.context, language="en")[1]


def test_the_teams_number_stands_in_for_a_psychologist_without_one(
    alice, soon_slot, profile, checkup, client, settings
):
    settings.CHECKUPS_CONTACT_PHONE = "+45 33 12 34 56"
    profile.phone = ""
    profile.save()
    client.force_login(alice)
    confirm = client.get(reverse("checkups:book", args=[checkup.slug, soon_slot.pk])).content.decode()
    assert 'call <a href="tel:+4533123456" class="text-nowrap">+45 33 12 34 56</a> to change it' in confirm


def test_with_several_psychologists_each_choice_shows_its_own_number(
    alice, soon_slot, make_slot, other_psychologist, checkup, client
):
    other_psychologist.phone = "+45 33 12 34 56"
    other_psychologist.save()
    make_slot(start=soon_slot.starts_at, psychologist=other_psychologist)
    client.force_login(alice)
    confirm = client.get(reverse("checkups:book", args=[checkup.slug, soon_slot.pk])).content.decode()
    assert "call the number shown with your choice to change it" in confirm
    assert f"To change it: call {PETRAS_LINK}." in confirm
    assert 'To change it: call <a href="tel:+4533123456" class="text-nowrap">+45 33 12 34 56</a>.' in confirm


def test_too_late_to_cancel_pages_and_messages_give_a_tap_to_call_number(alice, soon_slot, checkup, client):
    booking = services.booking_create(slot=soon_slot, employee=alice, appointment_type=checkup)
    client.force_login(alice)
    page = client.get(reverse("checkups:cancel", args=[booking.pk])).content.decode()
    assert f"Please call {PETRAS_LINK}." in page
    refused = client.post(reverse("checkups:cancel", args=[booking.pk]), follow=True).content.decode()
    assert f"Please call {PETRAS_LINK}." in refused
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_an_open_consultation_within_24_hours_says_so_and_gives_the_number(soon_slot, open_type, client):
    url = reverse("checkups:open_book", args=[open_type.slug, soon_slot.pk])
    assert "This time is within 24 hours" in client.get(url).content.decode()
    created = client.post(url, {"slot": soon_slot.pk, "alias": "Sky"}).content.decode()
    assert PETRAS_LINK in created


def test_a_phone_check_up_within_24_hours_promises_the_call_and_not_a_change(alice, make_slot, checkup, client):
    start = (timezone.now() + dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    slot = make_slot(start=start, mode=Mode.PHONE)
    client.force_login(alice)
    url = reverse("checkups:book", args=[checkup.slug, slot.pk])
    done = client.post(url, {"slot": slot.pk, "call_number": "06 12345678"})
    page = client.get(done["Location"]).content.decode()
    assert "will call you on +31 6 12345678" in page and "You can move or cancel it yourself" not in page


@pytest.mark.parametrize(
    ("language", "marker", "notice"),
    [
        ("nl", "binnen 24 uur", "Deze tijd valt binnen 24 uur: je kunt hem niet zelf verzetten of annuleren; bel"),
        ("da", "inden for 24 timer", "Dette tidspunkt er inden for 24 timer: du kan ikke selv flytte eller aflyse det"),
    ],
)
def test_the_deadline_is_explained_in_dutch_and_danish(language, marker, notice, alice, soon_slot, checkup, client):
    alice.language = language
    alice.save()
    client.force_login(alice)
    week = client.get(reverse("checkups:slots", args=[checkup.slug])).content.decode()
    assert marker in week
    confirm = client.get(reverse("checkups:book", args=[checkup.slug, soon_slot.pk])).content.decode()
    assert notice in confirm and PETRAS_LINK in confirm


def test_after_the_cut_off_my_appointments_says_whom_to_call_and_offers_no_cancel(alice, make_slot, checkup, client):
    slot = make_slot(start=timezone.now() + dt.timedelta(hours=6))
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    client.force_login(alice)
    page = client.get(reverse("checkups:my_appointments")).content.decode()
    assert "050-555 0100" in page
    assert reverse("checkups:cancel", args=[booking.pk]) not in page
    response = client.post(reverse("checkups:cancel", args=[booking.pk]), follow=True)
    assert "050-555 0100" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
