"""Journey: the demo employee books a check-up, finds it, downloads the invitation and cancels;
the demo psychologist sees it appear in and disappear from their agenda."""

import datetime
import re

from checkups.models import Booking
from tests.e2e.conftest import DEMO_EMAILS


def _agenda_has(page, portal, booking) -> bool:
    page.goto(portal.path(f"/checkups/agenda/?view=week&date={booking.starts_at.date().isoformat()}"))
    return page.locator(f'a.agenda-item[href="/checkups/agenda/{booking.pk}/"]').count() == 1


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
    employee.select_option("select[name=mode]", "video")  # a phone call also asks for a number
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
    assert psychologist.locator(f'a.agenda-item[href="/checkups/agenda/{booking.pk}/"]').count() == 0


def test_a_visitor_books_an_open_consultation_without_a_name_and_cancels_it_with_the_link(
    page, portal, assert_accessible
):
    page.goto(portal.path("/checkups/open/"))
    assert_accessible(page)
    page.locator('a[href="/checkups/open/open-consultation/"]').click()
    page.fill("input[name=date]", (datetime.date.today() + datetime.timedelta(days=2)).isoformat())
    page.select_option("select[name=mode]", "video")  # a phone call also asks for a number
    page.locator("form[method=get] button[type=submit]").click()
    page.wait_for_url(re.compile(r"mode=video"))
    page.locator("a.slot-time").last.click()
    page.fill("#id_alias", "Sky")
    assert_accessible(page)
    page.locator("form button[type=submit].btn-lg").click()
    code = page.locator("#manage-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert_accessible(page)
    booking = Booking.objects.get(alias="Sky")
    assert booking.employee is None
    page.locator("#manage-link").click()
    page.wait_for_url(re.compile(r"/checkups/open/manage/$"))  # the secret link leaves the address bar
    assert_accessible(page)
    page.locator('form[action="/checkups/open/manage/cancel/"] button').click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_staff_pages_of_check_ups_are_accessible(new_page, portal, login_as, assert_accessible):
    psychologist = new_page()
    login_as(psychologist, portal, "psychologist")
    for path in ("/checkups/agenda/", "/checkups/agenda/?view=day", "/checkups/agenda/availability/"):
        psychologist.goto(portal.path(path))
        assert_accessible(psychologist)
    booking = Booking.objects.filter(psychologist__user__email=DEMO_EMAILS["psychologist"]).first()
    psychologist.goto(portal.path(f"/checkups/agenda/{booking.pk}/"))
    assert_accessible(psychologist)
    officer = new_page()
    login_as(officer, portal, "wellbeing_officer")
    for path in ("/checkups/figures/", "/checkups/deployments/", "/checkups/types/", "/checkups/types/new/"):
        officer.goto(portal.path(path))
        assert_accessible(officer)
