import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, Slot, WaitListEntry, WaitListOffer
from notifications.keys import opaque_key
from notifications.models import OutboxMessage


def _open_book(client, open_type, slot, alias="Robin"):
    return client.post(reverse("checkups:open_book", args=[open_type.slug, slot.pk]), {"slot": slot.pk, "alias": alias})


def test_an_open_consultation_stores_no_person_and_shows_the_secret_once(alice, make_slot, open_type, client):
    slot = make_slot(days=3)
    client.force_login(alice)  # even when logged in, nothing links the booking to her
    response = _open_book(client, open_type, slot)
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert booking.employee is None and booking.alias == "Robin"
    code = response.context["code"]
    token = response.context["manage_url"].split("?t=")[1]
    assert token not in booking.manage_token_hash and code.replace("-", "") not in booking.manage_code_hash
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not OutboxMessage.objects.filter(recipient=alice).exists()
    client.logout()
    by_link = client.get(reverse("checkups:open_manage") + f"?t={token}")
    assert by_link.status_code == 302 and by_link["Location"] == reverse("checkups:open_manage")
    manage = client.get(by_link["Location"])
    assert manage.status_code == 200 and manage.context["booking"] == booking
    assert "no-store" in manage["Cache-Control"]
    other_device = Client()
    by_code = other_device.post(reverse("checkups:open_manage"), {"code": code.lower()})
    assert by_code.status_code == 302 and by_code["Location"] == reverse("checkups:open_manage")
    assert other_device.get(by_code["Location"]).context["booking"] == booking
    other_device.post(reverse("checkups:open_cancel"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_wrong_secret_answers_404_or_a_message(db, client):
    assert client.get(reverse("checkups:open_manage") + "?t=nope").status_code == 404
    response = client.post(reverse("checkups:open_manage"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200 and b"do not know this code" in response.content


def test_open_bookings_are_rate_limited_per_session(make_slot, open_type, client, settings):
    settings.CHECKUPS_OPEN_PER_SESSION = 2
    slots = [make_slot(days=d) for d in (2, 3, 4)]
    for slot in slots[:2]:
        _open_book(client, open_type, slot)
    response = _open_book(client, open_type, slots[2])
    assert response.status_code == 200 and b"several open consultations" in response.content
    assert Booking.objects.count() == 2


def test_open_bookings_are_rate_limited_per_address_across_sessions(make_slot, open_type, client, settings):
    from django.test import Client

    settings.CHECKUPS_OPEN_PER_ADDRESS = 1
    _open_book(client, open_type, make_slot(days=2))
    response = _open_book(Client(), open_type, make_slot(days=3))
    assert b"several open consultations" in response.content
    assert Booking.objects.count() == 1
    from django.db import connection

    with connection.cursor() as cursor:  # the address is nowhere in the database
        cursor.execute("SELECT * FROM checkups_booking")
        assert "127.0.0.1" not in str(cursor.fetchall())


def test_a_named_type_cannot_be_booked_anonymously(make_slot, checkup, client):
    slot = make_slot()
    assert client.get(reverse("checkups:open_slots", args=[checkup.slug])).status_code == 404
    with pytest.raises(services.BookingError):
        services.open_consultation_book(slot=slot, appointment_type=checkup, alias="X")


def test_the_wait_list_is_only_for_when_nothing_is_free_and_a_cancellation_is_offered_in_order(
    alice, charlie, bob, make_slot, checkup, settings
):
    settings.CHECKUPS_HOLD_HOURS = 12
    slot = make_slot(days=3)
    with pytest.raises(services.BookingError):
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


def test_an_absence_cancels_the_day_tells_each_person_and_holds_a_new_time(alice, profile, make_slot, checkup):
    slot = make_slot(days=3, hour=10)
    replacement = make_slot(days=6, hour=10)
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=checkup)
    day = timezone.localdate(slot.starts_at)
    _absence, cancelled = services.absence_create(psychologist=profile, start_date=day, end_date=day, kind="sick")
    assert [b.pk for b in cancelled] == [booking.pk]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == Booking.CancelledBy.PSYCHOLOGIST
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED
    notice = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:cancelled:1").get()
    assert notice.context["offer_path"] == reverse("checkups:held", args=[replacement.pk])
    assert notice.attachments[0]["content"].count("METHOD:CANCEL") == 1
    replacement.refresh_from_db()
    assert replacement.held_for == alice


def test_a_deployment_plans_three_reminders_and_booking_a_phase_cancels_its_reminder(alice, wim, make_slot, types):
    deployment_type = types["deployment-talk"]
    today = timezone.localdate()
    deployment = services.deployment_register(
        employee=alice,
        destination="Nuuk, Greenland",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=100),
        registered_by=wim,
    )
    keys = set(OutboxMessage.objects.with_key_prefix(f"deployment:{deployment.pk}:").values_list("key", flat=True))
    assert keys == {opaque_key(f"deployment:{deployment.pk}:remind-{p}:first") for p in ("before", "during", "after")}
    before = OutboxMessage.objects.with_key(f"deployment:{deployment.pk}:remind-before:first").get()
    assert before.due_at <= timezone.now() + dt.timedelta(minutes=1)  # already time to book the first talk
    slot = make_slot(days=5, types=[deployment_type])
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=deployment_type)
    assert booking.deployment == deployment and booking.deployment_phase == "before"
    before.refresh_from_db()
    assert before.status == OutboxMessage.Status.CANCELLED
    during_in_person = make_slot(days=40, types=[deployment_type], mode="in_person")
    with pytest.raises(services.BookingError):  # during the deployment it is video
        services.booking_create(slot=during_in_person, employee=alice, appointment_type=deployment_type)
    status = services.deployment_status(deployment, list(deployment.bookings.all()), today=today)
    assert status == {"before": "booked", "during": "open", "after": "open"}


def test_the_wellbeing_officer_sees_deployment_status_but_no_talk_content(alice, wim, make_slot, types, client):
    today = timezone.localdate()
    services.deployment_register(
        employee=alice,
        destination="Nuuk",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=90),
    )
    slot = make_slot(days=5, types=[types["deployment-talk"]])
    services.booking_create(slot=slot, employee=alice, appointment_type=types["deployment-talk"], note="Worried")
    client.force_login(wim)
    page = client.get(reverse("checkups:deployments")).content.decode()
    assert "Nuuk" in page and "Worried" not in page and "Petra" not in page


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


def test_an_open_consultation_is_moved_with_the_code_and_keeps_its_link(make_slot, open_type, client):
    first, later = make_slot(days=3), make_slot(days=6)
    response = _open_book(client, open_type, first)
    code, token = response.context["code"], response.context["manage_url"].split("?t=")[1]
    client.post(reverse("checkups:open_manage"), {"code": code})
    week = client.get(reverse("checkups:open_move"))
    assert week.status_code == 200
    confirm_url = reverse("checkups:open_move_confirm", args=[later.pk])
    assert f'href="{confirm_url}"' in week.content.decode()
    assert client.get(confirm_url).status_code == 200
    done = client.post(confirm_url, {"slot": later.pk})
    assert done.status_code == 302 and done["Location"] == reverse("checkups:open_manage")
    assert client.get(done["Location"]).context["booking"].slot == later
    assert services.open_booking_for_secret(token=token).slot == later
    assert services.open_booking_for_secret(code=code).slot == later
    assert client.get(reverse("checkups:open_manage") + "?t=wrong").status_code == 404
