"""Session notes: encrypted, readable by their author alone, and kept readable when keys rotate."""

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from checkups import access, services
from checkups.models import SessionNote


def test_session_notes_are_encrypted_and_readable_by_their_author_only(
    alices_booking, petra, other_psychologist, client
):
    from django.db import connection

    client.force_login(petra)
    client.post(reverse("checkups:agenda_note", args=[alices_booking.pk]), {"text": "Sleeps badly"})
    note = SessionNote.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM checkups_sessionnote")
        assert "Sleeps" not in cursor.fetchone()[0]
    assert b"Sleeps badly" in client.get(reverse("checkups:agenda_booking", args=[alices_booking.pk])).content
    assert list(access.notes_for_author(other_psychologist.user, alices_booking)) == []
    assert note.author == petra


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
