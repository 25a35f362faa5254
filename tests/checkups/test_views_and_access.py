import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from checkups import access, services
from checkups.models import Booking, SessionNote
from core.models import AuditEntry


@pytest.fixture
def alices_booking(alice, make_slot, checkup):
    return services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup, note="Nights")


def test_an_employee_books_in_two_taps_and_sees_it_under_my_appointments(alice, make_slot, checkup, client):
    slot = make_slot(days=3)
    client.force_login(alice)
    week = client.get(reverse("checkups:slots", args=[checkup.slug]))
    book_url = reverse("checkups:book", args=[checkup.slug, slot.pk])
    assert book_url in week.content.decode()
    page = client.get(book_url)
    assert b"privacy-note" in page.content
    response = client.post(book_url, {"slot": slot.pk, "note": ""})
    booking = Booking.objects.get(employee=alice)
    assert response["Location"] == reverse("checkups:confirmed", args=[booking.pk])
    assert client.get(response["Location"]).status_code == 200
    listing = client.get(reverse("checkups:my_appointments")).content.decode()
    assert reverse("checkups:cancel", args=[booking.pk]) in listing
    ics = client.get(reverse("checkups:invitation", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"CLASS:PRIVATE" in ics.content


def test_a_tampered_slot_in_the_form_is_refused_without_change(alice, make_slot, other_psychologist, checkup, client):
    slot = make_slot(days=3)
    other = make_slot(days=5, psychologist=other_psychologist)
    client.force_login(alice)
    response = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": other.pk})
    assert response.status_code == 200 and b"alert-danger" in response.content
    assert not Booking.objects.exists()


def test_booking_a_taken_time_shows_the_clear_message(alice, charlie, make_slot, checkup, client):
    slot = make_slot(days=3)
    services.booking_create(slot=slot, employee=charlie, appointment_type=checkup)
    client.force_login(alice)
    response = client.post(reverse("checkups:book", args=[checkup.slug, slot.pk]), {"slot": slot.pk}, follow=True)
    assert str(services.SLOT_TAKEN_MESSAGE) in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["checkups:confirmed", "checkups:invitation", "checkups:cancel", "checkups:reschedule"]
)
def test_someone_elses_appointment_answers_404(name, alices_booking, charlie, client):
    client.force_login(charlie)
    assert client.get(reverse(name, args=[alices_booking.pk])).status_code == 404
    assert client.post(reverse("checkups:cancel", args=[alices_booking.pk])).status_code == 404
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.BOOKED


def test_the_employee_cancels_and_the_psychologists_agenda_no_longer_shows_it_as_booked(
    alices_booking, alice, petra, client
):
    client.force_login(alice)
    client.post(reverse("checkups:cancel", args=[alices_booking.pk]))
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize("persona", ["mona", "wim", "bob", "charlie", "connie"])
def test_only_the_person_and_their_psychologist_may_open_a_booking(persona, alices_booking, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        access.booking_for_user(user, alices_booking.pk)


def test_the_psychologist_opens_the_booking_and_the_view_is_audited(alices_booking, petra, alice, client):
    assert access.booking_for_user(alice, alices_booking.pk) == alices_booking
    client.force_login(petra)
    agenda = client.get(reverse("checkups:agenda") + f"?date={timezone.localdate(alices_booking.starts_at)}")
    assert "Alice" in agenda.content.decode()
    page = client.get(reverse("checkups:agenda_booking", args=[alices_booking.pk]))
    assert page.status_code == 200 and b"Nights" in page.content
    entry = AuditEntry.objects.get(action="checkups.booking.view")
    assert entry.actor == petra and entry.subject == alice


def test_another_psychologist_cannot_open_petras_booking(alices_booking, other_psychologist, client):
    client.force_login(other_psychologist.user)
    assert client.get(reverse("checkups:agenda_booking", args=[alices_booking.pk])).status_code == 404


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


def test_the_psychologist_records_the_outcome_after_the_start(alices_booking, petra, client):
    import time_machine

    with time_machine.travel(alices_booking.starts_at + dt.timedelta(minutes=10)):
        client.force_login(petra)
        client.post(reverse("checkups:agenda_mark", args=[alices_booking.pk]), {"outcome": "completed"})
    alices_booking.refresh_from_db()
    assert alices_booking.status == Booking.Status.COMPLETED


def test_managers_see_no_names_in_figures_nor_the_booking_admin(alices_booking, mona, wim, client, admin_client):
    client.force_login(mona)
    assert client.get(reverse("checkups:figures")).status_code == 403
    assert client.get("/admin/checkups/booking/").status_code in (302, 403)
    client.force_login(wim)
    figures = client.get(reverse("checkups:figures")).content.decode()
    assert "Alice" not in figures and "alice@example.org" not in figures
    admin_response = admin_client.get("/admin/checkups/booking/")
    assert admin_response.status_code == 200
    admin_page = admin_response.content.decode()
    assert "Alice" not in admin_page and "Nights" not in admin_page


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


def test_the_psychologist_sets_weekly_times_and_slots_appear(petra, profile, checkup, client):
    client.force_login(petra)
    response = client.post(
        reverse("checkups:availability"),
        {
            "form": "window",
            "window-weekday": 2,
            "window-start_time": "09:00",
            "window-end_time": "12:00",
            "window-slot_minutes": 60,
            "window-mode": "video",
            "window-appointment_types": [checkup.pk],
        },
    )
    assert response.status_code == 302
    assert profile.slots.count() >= 3 * 7
    overlapping = client.post(
        reverse("checkups:availability"),
        {
            "form": "window",
            "window-weekday": 2,
            "window-start_time": "11:00",
            "window-end_time": "13:00",
            "window-slot_minutes": 60,
            "window-mode": "video",
            "window-appointment_types": [checkup.pk],
        },
    )
    assert overlapping.status_code == 200 and profile.windows.count() == 1


def test_the_door_links_are_registered_for_the_right_roles(alice, petra, wim, mona):
    from core import navigation

    mine = {link.url_name: link for link in navigation._LINKS if link.url_name.startswith("checkups:")}

    def shown(user, section):
        return {name for name, link in mine.items() if link.section == section and link.visible(user)}

    assert mine["checkups:start"].section == "door" and mine["checkups:start"].order == 20
    assert "checkups:start" in shown(alice, "door")
    assert "checkups:my_appointments" in shown(alice, "self")
    assert "checkups:agenda" in shown(petra, "work") and "checkups:agenda" not in shown(alice, "work")
    assert "checkups:figures" in shown(wim, "admin")
    assert "checkups:figures" not in shown(mona, "admin")


@pytest.mark.parametrize(("language", "expected"), [("nl", "Mijn afspraken"), ("da", "Mine aftaler")])
def test_the_pages_and_e_mails_are_in_dutch_and_danish(language, expected, alice, make_slot, checkup, client):
    from notifications.email import render_email
    from notifications.models import OutboxMessage

    alice.language = language
    alice.save()
    client.force_login(alice)
    assert expected in client.get(reverse("checkups:my_appointments")).content.decode()
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    message = OutboxMessage.objects.with_key(f"appointment:{booking.pk}:confirmation:0").get()
    subject, body, _html = render_email(message.template, message.context, language=language, tzinfo=alice.tzinfo)
    assert subject.startswith({"nl": "Je afspraak op", "da": "Din aftale"}[language])
    assert "psycholo" not in (subject + body).lower()


def test_the_page_to_move_an_appointment_shows_its_current_time(alices_booking, client, alice):
    """It answered 500: the template read the open consultation's time as a filter argument."""
    client.force_login(alice)
    response = client.get(reverse("checkups:reschedule", args=[alices_booking.pk]))
    assert response.status_code == 200
    when = timezone.localtime(alices_booking.starts_at).strftime("%H:%M")
    assert "Your appointment is now on" in response.content.decode() and when in response.content.decode()
