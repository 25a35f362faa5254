"""Journeys of a tired person on a phone (390 px wide), each checked by axe on every page:
booking a phone check-up with a number, moving an appointment from its page, booking a time
within the change deadline, and managing an open consultation by its code without the code
ever reaching an address. The demo employee reads the portal in Dutch; the open consultation
is walked in Danish."""

import datetime as dt
import re

from django.utils import timezone

from checkups import services
from checkups.models import AppointmentType, Booking, Mode, Psychologist, Slot
from tests.e2e.conftest import DEMO_EMAILS


def _show_times(page, *, mode: str, days_ahead: int):
    """Filter the week view the way a person does: a way of talking, from a day on."""
    page.fill("input[name=date]", (timezone.localdate() + dt.timedelta(days=days_ahead)).isoformat())
    page.select_option("select[name=mode]", mode)
    page.locator("form[method=get] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"mode={mode}"))


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways on a phone"


def _demo_psychologist() -> Psychologist:
    return Psychologist.objects.get(user__email=DEMO_EMAILS["psychologist"])


def _free_moment(psychologist, *, after) -> dt.datetime:
    """A start time off the hour with no appointment of theirs near it (PostgreSQL refuses overlaps)."""
    start = after.replace(minute=7, second=0, microsecond=0)
    while (
        Booking.objects.filter(
            psychologist=psychologist,
            starts_at__lt=start + dt.timedelta(hours=1),
            ends_at__gt=start,
        )
        .exclude(status="cancelled")
        .exists()
    ):
        start += dt.timedelta(hours=1)
    assert start < timezone.now() + dt.timedelta(hours=20), "no free moment within the deadline"
    return start


def test_an_employee_books_a_phone_check_up_with_her_number_and_the_psychologist_can_call_it(
    new_page, portal, login_as, assert_accessible
):
    employee = new_page()
    login_as(employee, portal, "employee")  # Eva reads the portal in Dutch
    employee.goto(portal.path("/checkups/book/check-up/"))
    _show_times(employee, mode="phone", days_ahead=2)
    employee.locator("a.slot-time").first.click()
    assert_accessible(employee)
    number = employee.locator("#id_call_number")
    assert number.get_attribute("type") == "tel" and number.get_attribute("autocomplete") == "tel"
    employee.locator("form button[type=submit].btn-lg").click()  # forgot the number
    employee.wait_for_load_state()
    summary = employee.locator("#form-errors")
    assert "We hebben een nummer nodig om je te bellen" in summary.inner_text()
    assert employee.locator("#id_call_number.is-invalid").count() == 1
    assert_accessible(employee)
    employee.fill("#id_call_number", "06 12345678")
    employee.locator("form button[type=submit].btn-lg").click()
    employee.wait_for_url(re.compile(r"/checkups/appointments/\d+/booked/"))
    assert_accessible(employee)
    _no_sideways_scroll(employee)
    promise = employee.locator(".call-promise").inner_text()
    assert "Sanne Visser belt je op" in promise and "+31 6 12345678" in promise
    booking = Booking.objects.get(employee__email=DEMO_EMAILS["employee"], status="booked")
    assert booking.mode == Mode.PHONE and booking.call_number == "+31612345678"

    psychologist = new_page()
    login_as(psychologist, portal, "psychologist")
    psychologist.goto(portal.path(f"/checkups/agenda/?view=day&date={timezone.localdate(booking.starts_at)}"))
    call = psychologist.locator('a[href="tel:+31612345678"]')
    assert call.count() == 1 and "+31 6 12345678" in call.inner_text()
    assert_accessible(psychologist)
    psychologist.goto(portal.path(f"/checkups/agenda/{booking.pk}/"))
    button = psychologist.get_by_role("link", name="Call +31 6 12345678")
    assert button.get_attribute("href") == "tel:+31612345678"
    assert_accessible(psychologist)


def test_an_employee_moves_her_appointment_from_its_page(new_page, portal, login_as, assert_accessible):
    employee = new_page()
    login_as(employee, portal, "employee")
    employee.goto(portal.path("/checkups/book/check-up/"))
    _show_times(employee, mode="video", days_ahead=3)
    employee.locator("a.slot-time").first.click()
    employee.locator("form button[type=submit].btn-lg").click()
    employee.wait_for_url(re.compile(r"/checkups/appointments/\d+/booked/"))
    first = Booking.objects.get(employee__email=DEMO_EMAILS["employee"], status="booked")

    employee.goto(portal.path("/checkups/appointments/"))
    employee.locator(f'a[href="/checkups/appointments/{first.pk}/move/"]').click()
    employee.wait_for_url(re.compile(rf"/checkups/appointments/{first.pk}/move/$"))
    assert_accessible(employee)
    _no_sideways_scroll(employee)
    assert employee.locator("h1").inner_text() == "Kies een nieuwe tijd"
    employee.locator("a.slot-time").last.click()
    employee.wait_for_url(re.compile(rf"/checkups/appointments/{first.pk}/move/\d+/"))
    assert_accessible(employee)
    employee.locator("form button[type=submit].btn-lg").click()
    employee.wait_for_url(re.compile(r"/checkups/appointments/\d+/booked/"))
    assert employee.locator("h1").inner_text() == "Je afspraak is verzet"
    assert_accessible(employee)

    first.refresh_from_db()
    moved = Booking.objects.get(employee__email=DEMO_EMAILS["employee"], status="booked")
    assert first.cancelled_by == Booking.CancelledBy.RESCHEDULED and moved.uid == first.uid
    assert moved.starts_at != first.starts_at
    check_up = AppointmentType.objects.get(slug="check-up")
    from checkups.selectors import free_slots

    assert free_slots(appointment_type=check_up).filter(pk=first.slot_id).exists()  # the old time is free
    employee.goto(portal.path("/checkups/appointments/"))
    assert employee.locator(f'a[href="/checkups/appointments/{moved.pk}/move/"]').count() == 1
    assert employee.locator(f'a[href="/checkups/appointments/{first.pk}/move/"]').count() == 0


def test_a_time_within_24_hours_says_before_booking_that_only_a_call_changes_it(
    new_page, portal, login_as, assert_accessible
):
    psychologist = _demo_psychologist()
    start = _free_moment(psychologist, after=timezone.now() + dt.timedelta(hours=3))
    soon = Slot.objects.create(
        psychologist=psychologist, starts_at=start, ends_at=start + dt.timedelta(hours=1), mode=Mode.VIDEO
    )
    soon.appointment_types.set(AppointmentType.objects.filter(slug="check-up"))

    employee = new_page()
    login_as(employee, portal, "employee")
    employee.goto(portal.path(f"/checkups/book/check-up/?date={timezone.localdate(start)}"))
    time = employee.locator(f'a.slot-time[href^="/checkups/book/check-up/{soon.pk}/"]')
    assert "binnen 24 uur" in time.inner_text()
    assert employee.locator("#deadline-legend").is_visible()
    assert_accessible(employee)
    time.click()
    notice = employee.locator("#deadline-notice")
    assert "Deze tijd valt binnen 24 uur: je kunt hem niet zelf verzetten of annuleren; bel" in notice.inner_text()
    call = notice.get_by_role("link", name="050-555 0120")
    assert call.get_attribute("href") == "tel:+31505550120"
    assert_accessible(employee)
    employee.locator("form button[type=submit].btn-lg").click()
    employee.wait_for_url(re.compile(r"/checkups/appointments/\d+/booked/"))
    page_text = employee.locator("main").inner_text()
    assert "zelf verzetten of annuleren tot" not in page_text  # the promise that does not hold here
    assert "herinnering" not in page_text  # nor a reminder the day before, too late for one
    assert employee.locator("#deadline-notice a[href='tel:+31505550120']").count() == 1
    assert_accessible(employee)
    booking = Booking.objects.get(slot=soon)
    employee.goto(portal.path("/checkups/appointments/"))
    card = employee.locator("article.appointment").first
    assert card.locator(f'a[href="/checkups/appointments/{booking.pk}/move/"]').count() == 0
    assert card.get_by_role("link", name="050-555 0120").get_attribute("href") == "tel:+31505550120"
    assert_accessible(employee)


def test_a_visitor_manages_an_open_consultation_by_code_and_the_code_never_reaches_an_address(
    new_page, portal, assert_accessible
):
    booker = new_page("da")
    booker.goto(portal.path("/checkups/open/open-consultation/"))
    _show_times(booker, mode="video", days_ahead=2)
    booker.locator("a.slot-time").first.click()
    booker.fill("#id_alias", "Sky")
    booker.locator("form button[type=submit].btn-lg").click()
    code = booker.locator("#manage-code").inner_text().strip()
    assert_accessible(booker)
    booking = Booking.objects.get(alias="Sky")
    secrets_ = (code, code.replace("-", ""))

    phone = new_page("da")  # later, on a shared phone
    addresses = []
    phone.on("framenavigated", lambda frame: addresses.append(frame.url) if frame == phone.main_frame else None)
    phone.on("request", lambda request: addresses.append(request.url))
    phone.goto(portal.path("/checkups/open/"))
    phone.locator('a[href="/checkups/open/manage/"]').click()
    assert_accessible(phone)
    phone.fill("#id_code", code)
    phone.locator('form[action="/checkups/open/manage/"] button[type=submit]').click()
    phone.wait_for_url(portal.path("/checkups/open/manage/"))
    assert phone.locator("h1").inner_text() == "Din åbne rådgivning"
    assert_accessible(phone)
    _no_sideways_scroll(phone)

    phone.get_by_role("link", name="Vælg et andet tidspunkt").click()
    phone.wait_for_url(portal.path("/checkups/open/manage/move/"))
    assert_accessible(phone)
    _show_times(phone, mode="video", days_ahead=2)
    phone.locator("a.slot-time").last.click()
    phone.wait_for_url(re.compile(r"/checkups/open/manage/move/\d+/"))
    assert_accessible(phone)
    phone.locator("form button[type=submit].btn-lg").click()
    phone.wait_for_url(portal.path("/checkups/open/manage/"))
    assert "Din aftale er flyttet." in phone.locator("main").inner_text()
    moved = Booking.objects.get(alias="Sky", status="booked")
    assert moved.starts_at != booking.starts_at

    phone.locator('form[action="/checkups/open/manage/cancel/"] button').click()
    phone.wait_for_url(portal.path("/checkups/open/manage/"))
    moved.refresh_from_db()
    assert moved.status == Booking.Status.CANCELLED
    phone.get_by_role("button", name="Jeg er færdig").click()
    phone.wait_for_url(portal.path("/checkups/open/"))
    assert_accessible(phone)
    phone.goto(portal.path("/checkups/open/manage/"))
    assert phone.locator("#id_code").count() == 1  # forgotten on this phone

    cdp = phone.context.new_cdp_session(phone)
    history = [entry["url"] for entry in cdp.send("Page.getNavigationHistory")["entries"]]
    assert len(history) >= 6
    for address in addresses + history + [phone.url]:
        assert not any(secret in address for secret in secrets_), address
        assert "code=" not in address


def test_the_secret_link_of_an_open_consultation_leaves_no_trace_in_the_history(page, portal):
    psychologist = _demo_psychologist()
    slot = Slot.objects.filter(psychologist=psychologist, appointment_types__slug="open-consultation", status="open")
    slot = slot.filter(starts_at__gt=timezone.now() + dt.timedelta(days=2), bookings__isnull=True).first()
    result = services.open_consultation_book(
        slot=slot,
        appointment_type=AppointmentType.objects.get(slug="open-consultation"),
        alias="Robin",
        call_number="+31612345678" if slot.mode == Mode.PHONE else "",
    )
    page.goto(portal.path(f"/checkups/open/manage/?t={result.token}"))
    assert page.url == portal.path("/checkups/open/manage/")
    assert "Robin" not in page.url and page.locator("h1").count() == 1
    history = page.context.new_cdp_session(page).send("Page.getNavigationHistory")["entries"]
    assert all(result.token not in entry["url"] for entry in history), history
