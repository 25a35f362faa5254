"""The wait list: joined when nothing is free, offers in order, each time held for one person."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, WaitListEntry, WaitListOffer
from core.errors import DomainError
from notifications.models import OutboxMessage


def test_with_nothing_free_the_page_offers_the_wait_list_and_joining_works(alice, checkup, client):
    client.force_login(alice)
    page = client.get(reverse("checkups:slots", args=[checkup.slug])).content.decode()
    assert reverse("checkups:waitlist_join", args=[checkup.slug]) in page
    response = client.post(reverse("checkups:waitlist_join", args=[checkup.slug]), {"mode": "video"})
    assert response.status_code == 302
    entry = WaitListEntry.objects.get(employee=alice)
    assert entry.mode == "video"
    client.post(reverse("checkups:waitlist_leave", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == WaitListEntry.Status.WITHDRAWN


def test_the_wait_list_is_only_for_when_nothing_is_free_and_a_cancellation_is_offered_in_order(
    alice, charlie, bob, make_slot, checkup, settings
):
    settings.CHECKUPS_HOLD_HOURS = 12
    slot = make_slot(days=3)
    with pytest.raises(DomainError):
        services.waitlist_join(employee=charlie, appointment_type=checkup)
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    first = services.waitlist_join(employee=charlie, appointment_type=checkup)
    second = services.waitlist_join(employee=bob, appointment_type=checkup)
    services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE)
    offer = WaitListOffer.objects.get()
    assert offer.entry == first
    slot.refresh_from_db()
    assert slot.held_for == charlie
    assert OutboxMessage.objects.with_key(f"waitlist:{first.pk}:offer:{slot.pk}").filter(recipient=charlie).exists()
    with pytest.raises(services.SlotTaken):  # held for Charlie
        services.booking_create(slot=slot, employee=bob, appointment_type=checkup)
    # Charlie lets the hold run out: it goes to Bob.
    services.waitlist_process(now=offer.expires_at + dt.timedelta(minutes=1))
    offer.refresh_from_db()
    assert offer.status == WaitListOffer.Status.EXPIRED
    slot.refresh_from_db()
    assert slot.held_for == bob
    services.booking_create(
        slot=slot, employee=bob, appointment_type=checkup, now=offer.expires_at + dt.timedelta(minutes=2)
    )
    second.refresh_from_db()
    assert second.status == WaitListEntry.Status.BOOKED


def test_new_times_are_offered_to_the_wait_list_once_however_often_the_job_runs(alice, make_slot, checkup, mailoutbox):
    from notifications.services import messages_dispatch

    entry = services.waitlist_join(employee=alice, appointment_type=checkup)
    slot = make_slot(days=5)  # the psychologist opened a new time
    first = services.waitlist_process()
    second = services.waitlist_process()
    assert first["offered"] == 1 and second["offered"] == 0
    assert WaitListOffer.objects.filter(entry=entry, slot=slot).count() == 1
    messages_dispatch()
    messages_dispatch()
    assert sum(1 for m in mailoutbox if m.subject.startswith("A time for you")) == 1


def test_a_held_time_is_taken_in_one_tap_by_the_person_it_is_held_for(alice, charlie, make_slot, checkup, client):
    slot = make_slot(days=4)
    slot.held_for, slot.held_until = alice, timezone.now() + dt.timedelta(hours=5)
    slot.save()
    client.force_login(charlie)
    assert client.get(reverse("checkups:held", args=[slot.pk])).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("checkups:held", args=[slot.pk])).status_code == 200
    response = client.post(reverse("checkups:held", args=[slot.pk]), {"slot": slot.pk})
    assert response.status_code == 302
    assert Booking.objects.get(slot=slot).employee == alice


def test_a_held_time_that_clashes_with_another_appointment_says_so_on_the_form(
    alice, make_slot, other_psychologist, checkup, client
):
    held = make_slot(days=4)
    held.held_for, held.held_until = alice, timezone.now() + dt.timedelta(hours=5)
    held.save()
    services.booking_create(
        slot=make_slot(days=4, psychologist=other_psychologist), employee=alice, appointment_type=checkup
    )
    client.force_login(alice)
    response = client.post(reverse("checkups:held", args=[held.pk]), {"slot": held.pk})
    assert response.status_code == 200 and "You already have an appointment at this time." in response.content.decode()
    assert not Booking.objects.filter(slot=held).exists()


def test_a_changed_wait_list_form_is_refused_and_the_person_stays_on_the_week(alice, checkup, client):
    client.force_login(alice)
    response = client.post(reverse("checkups:waitlist_join", args=[checkup.slug]), {"mode": "teleport"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkups:slots", args=[checkup.slug])
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Something in the form was not right. Please try again."]
    assert not WaitListEntry.objects.exists()
