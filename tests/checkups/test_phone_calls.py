"""A phone talk is booked only with a number to call, and that number reaches only the person
and the psychologist who calls: not e-mails, calendar files, the admin, managers or officers."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from checkups import services
from checkups.models import Booking, Mode
from core.errors import DomainError
from notifications.models import OutboxMessage
from notifications.services import messages_dispatch
from tests.caches import caches_warm


@pytest.fixture
def phone_slot(make_slot):
    return make_slot(days=3, hour=10, mode=Mode.PHONE)


def _raw_numbers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT call_number FROM checkups_booking")
        return " ".join(row[0] for row in cursor.fetchall())


def test_a_phone_call_is_booked_only_with_a_number_and_the_confirmation_says_who_calls_which_number_when(
    alice, phone_slot, checkup, client
):
    client.force_login(alice)
    week = client.get(reverse("checkups:slots", args=[checkup.slug])).content.decode()
    book_url = reverse("checkups:book", args=[checkup.slug, phone_slot.pk])
    assert book_url in week
    form = client.get(book_url).content.decode()
    assert 'type="tel"' in form and 'autocomplete="tel"' in form
    assert "Only you and the psychologist who calls you can see it" in form

    without = client.post(book_url, {"slot": phone_slot.pk, "call_number": ""})
    assert without.status_code == 200 and not Booking.objects.exists()
    page = without.content.decode()
    assert "We need a number to call you on: without one we cannot offer a phone call." in page
    assert 'href="#id_call_number"' in page  # the summary at the top leads to the field

    wrong = client.post(book_url, {"slot": phone_slot.pk, "call_number": "0612"})
    assert "does not look like a phone number" in wrong.content.decode() and not Booking.objects.exists()

    done = client.post(book_url, {"slot": phone_slot.pk, "call_number": "06 12345678"})
    booking = Booking.objects.get(employee=alice)
    assert done["Location"] == reverse("checkups:confirmed", args=[booking.pk])
    assert booking.call_number == "+31612345678"
    assert "612345678" not in _raw_numbers()  # encrypted at rest
    confirmation = client.get(done["Location"]).content.decode()
    local = timezone.localtime(booking.starts_at, alice.tzinfo)
    who = booking.psychologist.display_name
    assert f"{who} will call you on +31 6 12345678 on {local:%A} {local.day} {local:%B} at 10:00." in confirmation
    listing = client.get(reverse("checkups:my_appointments")).content.decode()
    assert "will call you on +31 6 12345678" in listing


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("nl", "06-12345678", "+31612345678"),
        ("da", "20 12 34 56", "+4520123456"),
        ("en", "+45 20123456", "+4520123456"),
    ],
)
def test_a_number_is_read_in_the_persons_own_country_and_stored_in_e164(
    language, typed, stored, alice, phone_slot, checkup, client
):
    alice.language = language
    alice.save()
    client.force_login(alice)
    client.post(
        reverse("checkups:book", args=[checkup.slug, phone_slot.pk]), {"slot": phone_slot.pk, "call_number": typed}
    )
    assert Booking.objects.get(employee=alice).call_number == stored


def test_choosing_video_among_the_options_keeps_no_number(alice, make_slot, other_psychologist, checkup, client):
    by_phone = make_slot(days=3, hour=10, mode=Mode.PHONE)
    by_video = make_slot(days=3, hour=10, mode=Mode.VIDEO, psychologist=other_psychologist)
    client.force_login(alice)
    url = reverse("checkups:book", args=[checkup.slug, by_phone.pk])
    assert "(only for a phone call)" in client.get(url).content.decode()
    client.post(url, {"slot": by_video.pk, "call_number": "06 12345678"})
    booking = Booking.objects.get(employee=alice)
    assert booking.mode == Mode.VIDEO and booking.call_number == ""


def test_a_video_time_asks_no_number(alice, make_slot, checkup, client):
    slot = make_slot(days=3, mode=Mode.VIDEO)
    client.force_login(alice)
    assert (
        'name="call_number"' not in client.get(reverse("checkups:book", args=[checkup.slug, slot.pk])).content.decode()
    )


def test_the_service_refuses_a_phone_call_without_a_number_whoever_books_it(alice, bob, phone_slot, checkup):
    with pytest.raises(DomainError) as own:
        services.booking_create(slot=phone_slot, employee=alice, appointment_type=checkup)
    assert "we need a number to call you on" in str(own.value.message)
    with pytest.raises(DomainError) as referral:
        services.booking_create(slot=phone_slot, employee=alice, appointment_type=checkup, referred_by=bob)
    assert "we have no number to call them on" in str(referral.value.message)
    assert not Booking.objects.exists()


def test_the_form_offers_the_number_given_last_time(alice, make_slot, checkup, client):
    services.booking_create(
        slot=make_slot(days=2, mode=Mode.PHONE), employee=alice, appointment_type=checkup, call_number="+31612345678"
    )
    slot = make_slot(days=5, mode=Mode.PHONE)
    client.force_login(alice)
    page = client.get(reverse("checkups:book", args=[checkup.slug, slot.pk])).content.decode()
    assert 'value="+31 6 12345678"' in page


def test_the_psychologist_who_calls_sees_the_number_as_a_tap_to_call_link(
    alice, petra, phone_slot, checkup, other_psychologist, client
):
    booking = services.booking_create(
        slot=phone_slot, employee=alice, appointment_type=checkup, call_number="+31612345678"
    )
    client.force_login(petra)
    agenda = client.get(reverse("checkups:agenda") + f"?date={timezone.localdate(booking.starts_at)}").content.decode()
    assert '<a href="tel:+31612345678" class="text-nowrap">+31 6 12345678</a>' in agenda
    page = client.get(reverse("checkups:agenda_booking", args=[booking.pk])).content.decode()
    assert 'href="tel:+31612345678"' in page and "Call +31 6 12345678" in page
    client.force_login(other_psychologist.user)
    assert client.get(reverse("checkups:agenda_booking", args=[booking.pk])).status_code == 404
    other_agenda = client.get(reverse("checkups:agenda") + f"?date={timezone.localdate(booking.starts_at)}")
    assert "612345678" not in other_agenda.content.decode()


def test_an_open_consultation_by_phone_gives_the_psychologist_a_number_and_no_name(
    petra, phone_slot, open_type, client
):
    url = reverse("checkups:open_book", args=[open_type.slug, phone_slot.pk])
    without = client.post(url, {"slot": phone_slot.pk, "alias": "Sky"})
    assert "We need a number to call you on" in without.content.decode() and not Booking.objects.exists()
    created = client.post(url, {"slot": phone_slot.pk, "alias": "Sky", "call_number": "06 12345678"})
    assert "will call you on +31 6 12345678" in created.content.decode()
    booking = Booking.objects.get()
    assert booking.employee is None and booking.call_number == "+31612345678"
    client.force_login(petra)
    page = client.get(reverse("checkups:agenda_booking", args=[booking.pk])).content.decode()
    assert "Sky" in page and 'href="tel:+31612345678"' in page


def test_the_number_is_in_no_e_mail_calendar_file_admin_page_or_officers_page(
    alice, petra, wim, mona, phone_slot, make_slot, checkup, client, admin_client, mailoutbox
):
    booking = services.booking_create(
        slot=phone_slot, employee=alice, appointment_type=checkup, call_number="+31612345678"
    )
    moved = services.booking_reschedule(booking=booking, new_slot=make_slot(days=5, mode=Mode.PHONE))
    services.booking_cancel(booking=moved, by=Booking.CancelledBy.EMPLOYEE)
    messages_dispatch(now=timezone.now() + dt.timedelta(minutes=1))
    assert mailoutbox
    for message in mailoutbox:
        text = message.subject + message.body + "".join(str(a) for a in message.attachments)
        for alternative, _type in getattr(message, "alternatives", []):
            text += alternative
        assert "612345678" not in text.replace(" ", "")
    for row in OutboxMessage.objects.all():
        assert "612345678" not in json.dumps(row.context) + json.dumps(row.attachments)

    admin_list = admin_client.get(reverse("admin:checkups_booking_changelist"))
    admin_detail = admin_client.get(reverse("admin:checkups_booking_change", args=[moved.pk]))
    assert admin_list.status_code == 200 and admin_detail.status_code == 200
    assert "612345678" not in admin_list.content.decode() + admin_detail.content.decode()

    client.force_login(wim)
    for url in (reverse("checkups:figures"), reverse("checkups:deployments")):
        assert "612345678" not in client.get(url).content.decode()
    for person in (wim, mona):
        client.force_login(person)
        assert client.get(reverse("checkups:agenda_booking", args=[moved.pk])).status_code in (403, 404)


def test_moving_to_a_phone_time_asks_for_the_number_and_the_old_row_keeps_no_copy(alice, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3, mode=Mode.VIDEO), employee=alice, appointment_type=checkup)
    phone_time = make_slot(days=4, mode=Mode.PHONE)
    client.force_login(alice)
    url = reverse("checkups:reschedule_confirm", args=[booking.pk, phone_time.pk])
    refused = client.post(url, {"slot": phone_time.pk})
    assert "We need a number to call you on" in refused.content.decode()
    client.post(url, {"slot": phone_time.pk, "call_number": "06 12345678"})
    moved = Booking.objects.get(employee=alice, status=Booking.Status.BOOKED)
    assert moved.call_number == "+31612345678"
    back = make_slot(days=6, mode=Mode.PHONE)
    again = services.booking_reschedule(booking=moved, new_slot=back)
    assert again.call_number == "+31612345678"  # the number goes along with the appointment
    moved.refresh_from_db()
    assert moved.call_number == ""  # and is not left behind on the moved-away row


def test_the_number_is_deleted_with_the_booking(alice, phone_slot, checkup):
    from checkups.retention import delete_old_bookings

    services.booking_create(slot=phone_slot, employee=alice, appointment_type=checkup, call_number="+31612345678")
    delete_old_bookings(timezone.now() + dt.timedelta(days=400))
    assert Booking.objects.filter(call_number="").count() == 0 and _raw_numbers()
    delete_old_bookings(timezone.now() + dt.timedelta(days=800))
    assert not Booking.objects.exists() and _raw_numbers() == ""


def test_a_follow_up_call_goes_to_the_same_number_and_without_one_is_refused(alice, make_slot, checkup):
    by_phone = services.booking_create(
        slot=make_slot(days=2, mode=Mode.PHONE), employee=alice, appointment_type=checkup, call_number="+31612345678"
    )
    next_call = services.follow_up_book(
        booking=by_phone, slot=make_slot(days=9, mode=Mode.PHONE), appointment_type=checkup
    )
    assert next_call.call_number == "+31612345678"
    by_video = services.booking_create(
        slot=make_slot(days=3, mode=Mode.VIDEO), employee=alice, appointment_type=checkup
    )
    with pytest.raises(DomainError) as error:
        services.follow_up_book(booking=by_video, slot=make_slot(days=10, mode=Mode.PHONE), appointment_type=checkup)
    assert "no number to call them on" in str(error.value.message)


@pytest.mark.parametrize(
    ("language", "label", "promise"),
    [
        ("nl", "Je telefoonnummer, voor een telefoongesprek", "belt je op"),
        ("da", "Dit telefonnummer", "ringer til dig på"),
    ],
)
def test_the_call_is_asked_for_and_promised_in_dutch_and_danish(
    language, label, promise, alice, phone_slot, checkup, client
):
    alice.language = language
    alice.save()
    client.force_login(alice)
    url = reverse("checkups:book", args=[checkup.slug, phone_slot.pk])
    assert label in client.get(url).content.decode()
    done = client.post(url, {"slot": phone_slot.pk, "call_number": "+31 6 12345678"})
    assert promise in client.get(done["Location"]).content.decode()


def _queries(client, url) -> int:
    from django.test.utils import CaptureQueriesContext

    caches_warm()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_numbers_cost_no_query_on_the_agenda_or_the_appointments_page(alice, petra, make_slot, checkup, client):
    from accounts.roles import Role
    from tests.factories import UserFactory

    def book(hour, person):
        slot = make_slot(days=3, hour=hour, mode=Mode.PHONE)
        services.booking_create(slot=slot, employee=person, appointment_type=checkup, call_number="+31612345678")

    book(8, alice)
    agenda = reverse("checkups:agenda") + f"?date={timezone.localdate() + dt.timedelta(days=3)}"
    client.force_login(petra)
    one_on_agenda = _queries(client, agenda)
    client.force_login(alice)
    one_of_hers = _queries(client, reverse("checkups:my_appointments"))
    book(9, alice)
    book(13, alice)
    for hour in (11, 12, 14):
        book(hour, UserFactory(roles=[Role.EMPLOYEE]))
    assert _queries(client, reverse("checkups:my_appointments")) == one_of_hers
    client.force_login(petra)
    assert _queries(client, agenda) == one_on_agenda
