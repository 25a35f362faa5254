"""Journey: the demo employee books a check-up, finds it, downloads the invitation and cancels;
the demo psychologist sees it appear in and disappear from their agenda."""

import datetime
import re

from checkups.models import Booking
from tests.e2e.conftest import DEMO_EMAILS


def _agenda_has(page, portal, booking) -> bool:
    page.goto(portal.path(f"/checkups/agenda/?view=week&date={booking.starts_at.date().isoformat()}"))
    return page.locator(f'a.agenda-item[href="/checkups/agenda/{booking.pk}/"]').count() == 1 and (
        "cancel" not in (page.locator(f'a.agenda-item[href="/checkups/agenda/{booking.pk}/"]').inner_text().lower())
    )


def test_an_employee_books_finds_downloads_and_cancels_a_check_up(new_page, portal, login_as, assert_accessible):
    employee = new_page()
    login_as(employee, portal, "employee")
    employee.goto(portal.url)
    employee.locator('a.door[href="/checkups/"]').click()
    assert_accessible(employee)
    employee.locator('a[href="/checkups/book/check-up/"]').click()
    assert_accessible(employee)
    overflow = employee.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the week view scrolls sideways on a phone"
    # Far enough ahead to be cancellable by the employee (the cut-off is 24 hours).
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    employee.fill("input[name=date]", later)
    employee.locator("form[method=get] button[type=submit]").click()
    employee.wait_for_url(re.compile(r"date="))
    employee.locator("a.slot-time").first.click()  # tap one: the time
    assert_accessible(employee)
    employee.locator("form button[type=submit].btn-lg").click()  # tap two: book
    employee.wait_for_url(re.compile(r"/checkups/appointments/\d+/booked/"))
    assert_accessible(employee)
    booking = Booking.objects.get(employee__email=DEMO_EMAILS["employee"], status="booked")

    psychologist = new_page()
    login_as(psychologist, portal, "psychologist")
    assert _agenda_has(psychologist, portal, booking)
    assert_accessible(psychologist)

    employee.goto(portal.path("/checkups/appointments/"))
    assert_accessible(employee)
    card = employee.locator("article.appointment").first
    with employee.expect_download() as download_info:
        card.locator(f'a[href="/checkups/appointments/{booking.pk}/invitation.ics"]').click()
    content = open(download_info.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in content and "CLASS:PRIVATE" in content and f"UID:{booking.uid}" in content
    card.locator(f'a[href="/checkups/appointments/{booking.pk}/cancel/"]').click()
    assert_accessible(employee)
    employee.locator("form button.btn-danger").click()
    employee.wait_for_url(re.compile(r"/checkups/appointments/$"))
    assert employee.locator(f'a[href="/checkups/appointments/{booking.pk}/cancel/"]').count() == 0
    booking.refresh_from_db()
    assert booking.status == "cancelled"

    psychologist.reload()
    item = psychologist.locator(f'a.agenda-item[href="/checkups/agenda/{booking.pk}/"]')
    assert item.count() == 0 or "text-body-secondary" in (item.get_attribute("class") or "")
