"""Journeys of the issue "every journey works for a tired person on a phone", in a real browser
at phone width, each page scanned for accessibility. The demo people read Dutch (Eva, the
employee; Pieter, the supporter) and Danish (Karin, the confidential counsellor), so the
words checked here are the translations they see."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from peer_support.models import CriticalIncident, FollowUpStep, IncidentLogEntry, SupportRequest
from peer_support.routes import ROUTES
from peer_support.services.requests import support_request_claim, support_request_plan_follow_up
from tests.e2e.conftest import DEMO_EMAILS


def url(name: str, *args) -> str:
    return reverse(f"peer_support:{name}", args=args)


def words(language: str, text) -> str:
    """What `text` (a msgid or a lazy translation) reads in `language`."""
    with translation.override(language):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_asking_to_be_called_and_the_supporter_taking_it_from_the_queue(
    page, new_page, portal, login_as, assert_accessible
):
    login_as(page, portal, "employee")
    page.goto(portal.path(url("request_create")))
    assert page.locator("input[name=contact_method]:checked").count() == 0  # nothing promised yet
    page.check("input[name=urgency][value=today]")
    page.check("input[name=contact_method][value=phone]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    # A call without a number is refused next to the field, in Dutch.
    assert words("nl", "Give the number we should call you on.") in page.locator("main").inner_text()
    assert_accessible(page)
    page.fill("input[name=contact_detail]", "06 12345678")
    page.fill("textarea[name=message]", "Vannacht was zwaar.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    request = SupportRequest.objects.get(requester__email=DEMO_EMAILS["employee"])
    assert request.contact_detail == "+31612345678"
    main = page.locator("main").inner_text()
    assert "Een collega belt je op +31 6 12345678." in main  # exactly what happens next
    assert fits_a_phone(page)
    assert_accessible(page)

    supporter = new_page()
    login_as(supporter, portal, "peer_supporter")
    supporter.goto(portal.path(url("queue")))
    assert "612345678" not in supporter.content()
    assert_accessible(supporter)
    supporter.locator(f"a[href='{url('request_detail', request.pk)}']").click()
    supporter.wait_for_load_state()
    assert supporter.locator("a[href^='tel:']").filter(has_text="612345678").count() == 0  # not before taking it
    supporter.locator(f"form[action='{url('request_claim', request.pk)}'] button").click()
    supporter.wait_for_load_state()
    call = supporter.locator("main a[href='tel:+31612345678']")
    assert call.is_visible() and call.inner_text() == "+31 6 12345678"
    status = words("nl", "You took this on — contact them")
    assert status in supporter.locator("main").inner_text()
    assert words("nl", "A colleague will contact you") not in supporter.locator("main").inner_text()
    assert fits_a_phone(supporter)
    assert_accessible(supporter)
    supporter.goto(portal.path(url("queue")))
    assert status in supporter.locator("main").inner_text()


def test_a_bullying_report_goes_to_the_counsellor_and_says_so_everywhere(
    page, new_page, portal, login_as, assert_accessible
):
    readers = ROUTES["confidential_report"].readers_note
    login_as(page, portal, "employee")
    page.goto(portal.path(url("help_routes")))
    page.locator(f"a[href='{url('help_route_create', 'confidential_report')}']").click()
    page.wait_for_load_state()
    assert page.locator(".privacy-note").inner_text() == words("nl", readers)
    assert_accessible(page)
    page.fill("textarea[name=message]", "Mijn teamleider schreeuwt tegen me.")
    page.check("input[name=contact_method][value=chat]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    report = SupportRequest.objects.get(requester__email=DEMO_EMAILS["employee"], route="confidential_report")
    main = page.locator("main").inner_text()
    assert words("nl", readers) in main
    assert words("nl", "Waiting for a confidential counsellor") in main
    assert "collega-ondersteuner" not in main and "Wacht op een collega" not in main
    assert_accessible(page)

    counsellor = new_page("da")
    login_as(counsellor, portal, "counsellor")
    counsellor.goto(portal.path(url("help_inbox")))
    assert_accessible(counsellor)
    counsellor.locator(f"a[href='{url('request_detail', report.pk)}']").click()
    counsellor.wait_for_load_state()
    assert "Mijn teamleider schreeuwt tegen me." in counsellor.content()
    counsellor.locator(f"form[action='{url('request_claim', report.pk)}'] button").click()
    counsellor.wait_for_load_state()
    assert words("da", "You took this on — contact them") in counsellor.locator("main").inner_text()
    assert fits_a_phone(counsellor)
    assert_accessible(counsellor)

    page.reload()
    assert "Karin" in page.locator("main").inner_text()
    assert words("nl", "A confidential counsellor will contact you") in page.locator("main").inner_text()


def test_deleting_a_log_entry_asks_first_and_can_be_undone(page, portal, login_as, assert_accessible):
    employee = User.objects.get(email=DEMO_EMAILS["employee"])
    entry = IncidentLogEntry.objects.create(
        owner=employee,
        occurred_on=dt.date(2026, 3, 1),
        incident_type="violence",
        what_happened="Bespuugd bij de poort.",
    )
    login_as(page, portal, "employee")
    page.goto(portal.path(url("log_list")))
    page.locator(f"a[href='{url('log_delete', entry.pk)}']").click()
    page.wait_for_load_state()
    assert "Bespuugd bij de poort." in page.content()
    assert IncidentLogEntry.objects.filter(pk=entry.pk).exists()  # asking deleted nothing
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Bespuugd bij de poort." not in page.locator("main").inner_text()
    assert not IncidentLogEntry.objects.filter(pk=entry.pk).exists()
    undo = page.locator(f"form[action='{url('log_restore', entry.pk)}'] button")
    assert undo.is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    undo.click()
    page.wait_for_load_state()
    assert "Bespuugd bij de poort." in page.locator("main").inner_text()
    assert IncidentLogEntry.objects.filter(pk=entry.pk).exists()


def test_closing_a_request_says_first_which_follow_up_it_stops(page, portal, login_as, assert_accessible):
    supporter = User.objects.get(email=DEMO_EMAILS["peer_supporter"])
    request = SupportRequest.objects.get(requester__email="colleague21@demo.example")
    support_request_claim(support_request=request, supporter=supporter)
    step = support_request_plan_follow_up(
        support_request=request, supporter=supporter, due_at=timezone.now() + dt.timedelta(days=2)
    )
    login_as(page, portal, "peer_supporter")
    page.goto(portal.path(url("request_detail", request.pk)))
    page.locator(f"a[href='{url('request_close', request.pk)}']").click()
    page.wait_for_load_state()
    assert words("nl", "This also stops the follow-up steps still planned, and their reminders:") in page.content()
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.CLAIMED
    assert fits_a_phone(page)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    step.refresh_from_db()
    assert request.status == SupportRequest.Status.CLOSED and step.state == FollowUpStep.State.CANCELLED
    assert page.url.endswith(url("request_detail", request.pk))


def test_a_manager_picks_the_colleagues_of_an_incident_by_unit_and_name(page, portal, login_as, assert_accessible):
    employee = User.objects.get(email=DEMO_EMAILS["employee"])
    login_as(page, portal, "manager")
    page.goto(portal.path(url("incident_create")))
    page.select_option("select[name=incident_type]", "violence")
    page.fill("input[name=occurred_at]", "2026-11-20T02:30")
    page.select_option("select[name=unit]", str(employee.unit_id))
    # Live results as one types (htmx): everyone of Eva's team, added at once.
    page.fill("input[name=q]", "groningen centrum")
    page.locator("#people-results button[name=add_all]").click()
    team = set(User.objects.filter(unit=employee.unit, is_active=True).values_list("pk", flat=True))
    chosen = page.locator("#people-chosen input[name=people]")
    chosen.first.wait_for(state="attached")
    assert {int(v) for v in chosen.evaluate_all("els => els.map(e => e.value)")} == team
    # Someone from the other team, by name; then one removed again.
    page.fill("input[name=q]", "colleague 32")
    other = User.objects.get(first_name="Colleague 32")
    page.locator(f"#people-results button[name=add][value='{other.pk}']").click()
    page.wait_for_selector(f"#people-chosen input[name=people][value='{other.pk}']", state="attached")
    removed = next(pk for pk in team if pk != employee.pk)
    page.locator(f"#people-chosen button[name=remove][value='{removed}']").click()
    page.wait_for_selector(f"#people-chosen input[name=people][value='{removed}']", state="detached")
    # The pointer now rests on the next Remove button: scanned in the middle of its hover
    # transition, its colours are half-way and fail the contrast check. Move away, let it end.
    page.mouse.move(0, 0)
    page.evaluate(
        """() => Promise.race([
          Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
          new Promise(resolve => setTimeout(resolve, 10000)),
        ])"""
    )
    assert fits_a_phone(page)
    assert_accessible(page)
    page.locator("main form > button[type=submit]").click()
    page.wait_for_load_state()
    incident = CriticalIncident.objects.order_by("-pk").first()
    assert page.url.endswith(url("incident_detail", incident.pk))
    assert set(incident.plans.values_list("person", flat=True)) == (team - {removed}) | {other.pk}


def test_the_people_picker_works_without_javascript(browser, portal, login_as):
    employee = User.objects.get(email=DEMO_EMAILS["employee"])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="nl")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login_as(page, portal, "manager")
        page.goto(portal.path(url("incident_create")))
        page.select_option("select[name=incident_type]", "traffic")
        page.fill("input[name=occurred_at]", "2026-11-20T14:30")
        page.select_option("select[name=unit]", str(employee.unit_id))
        page.fill("textarea[name=description]", "Aanrijding op de ring.")
        page.fill("input[name=q]", employee.first_name)
        page.locator("button[name=search]").click()
        page.wait_for_load_state()
        page.locator(f"#people-results button[name=add][value='{employee.pk}']").click()
        page.wait_for_load_state()
        assert page.locator(f"#people-chosen input[name=people][value='{employee.pk}']").count() == 1
        assert page.input_value("textarea[name=description]") == "Aanrijding op de ring."  # nothing lost
        page.locator("main form > button[type=submit]").click()
        page.wait_for_load_state()
        incident = CriticalIncident.objects.order_by("-pk").first()
        assert page.url.endswith(url("incident_detail", incident.pk))
        assert list(incident.plans.values_list("person", flat=True)) == [employee.pk]
    finally:
        context.close()
