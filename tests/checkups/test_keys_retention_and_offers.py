import datetime as dt

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, SessionNote, WaitListEntry


def test_note_keys_rotate_and_old_text_stays_readable(alice, petra, make_slot, checkup, settings):
    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    services.session_note_add(booking=booking, author=petra, text="Talked about sleep")
    old_key = settings.CHECKUPS_NOTE_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.CHECKUPS_NOTE_KEYS = [new_key, old_key]
    call_command("rotate_checkups_note_keys", stdout=open("/dev/null", "w"))
    settings.CHECKUPS_NOTE_KEYS = [new_key]  # the old key is gone
    assert SessionNote.objects.get().text == "Talked about sleep"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM checkups_sessionnote")
        assert Fernet(new_key.encode()).decrypt(cursor.fetchone()[0].encode()) == b"Talked about sleep"


def test_retention_deletes_old_notes_and_bookings(alice, petra, make_slot, checkup):
    from checkups.retention import delete_old_bookings, delete_old_notes

    booking = services.booking_create(slot=make_slot(), employee=alice, appointment_type=checkup)
    services.session_note_add(booking=booking, author=petra, text="x")
    later = timezone.now() + dt.timedelta(days=400)
    assert delete_old_notes(later) == 1 and delete_old_bookings(later) == 0 and Booking.objects.exists()
    delete_old_bookings(timezone.now() + dt.timedelta(days=800))
    assert not Booking.objects.exists()


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
