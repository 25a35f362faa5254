"""Journeys of peer support in a real browser: asking for a talk, a supporter taking and
closing it; a manager registering an incident, and the colleague seeing the plan and log."""

from peer_support.models import CriticalIncident, FollowUpPlan, IncidentLogEntry, SupportRequest
from tests.e2e.conftest import DEMO_EMAILS


def test_an_employee_asks_for_a_talk_and_a_supporter_takes_and_closes_it(
    page, new_page, portal, login_as, assert_accessible
):
    login_as(page, portal, "employee")
    page.goto(portal.path("/support/"))
    assert page.locator(".privacy-note").first.is_visible()
    assert_accessible(page)
    page.check("input[name=urgency][value=today]")
    page.check("input[name=contact_method][value=phone]")
    page.fill("input[name=contact_detail]", "06 12345678")
    page.fill("input[name=preferred_times]", "after 18:00")
    page.fill("textarea[name=message]", "Last night was hard.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    request = SupportRequest.objects.get(requester__email=DEMO_EMAILS["employee"])
    assert page.url.endswith(f"/support/talks/{request.pk}/")
    assert_accessible(page)

    supporter = new_page()
    login_as(supporter, portal, "peer_supporter")
    supporter.goto(portal.path("/support/queue/"))
    assert supporter.locator(f"a[href='/support/talks/{request.pk}/']").count() == 1
    assert_accessible(supporter)
    supporter.goto(portal.path(f"/support/talks/{request.pk}/"))
    assert "Last night was hard." in supporter.content()
    supporter.locator(f"form[action='/support/talks/{request.pk}/claim/'] button").click()
    supporter.wait_for_load_state()
    assert_accessible(supporter)
    supporter.locator(f"form[action='/support/talks/{request.pk}/contact/'] button").click()
    supporter.wait_for_load_state()
    supporter.fill("textarea[name=text]", "Called, agreed to talk again Friday.")
    supporter.locator(f"form[action='/support/talks/{request.pk}/note/'] button").click()
    supporter.wait_for_load_state()
    supporter.locator(f"a[href='/support/talks/{request.pk}/close/']").click()
    supporter.wait_for_load_state()
    supporter.locator("main form button[type=submit]").click()  # the confirmation
    supporter.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.CLOSED
    assert request.assigned_to.email == DEMO_EMAILS["peer_supporter"]

    page.reload()
    assert "Pieter" in page.content()


def test_a_manager_registers_an_incident_and_the_employee_sees_the_plan_and_log(
    page, new_page, portal, login_as, assert_accessible
):
    from accounts.models import User

    employee = User.objects.get(email=DEMO_EMAILS["employee"])
    before = CriticalIncident.objects.count()
    login_as(page, portal, "manager")
    page.goto(portal.path("/support/incidents/new/"))
    assert_accessible(page)
    page.select_option("select[name=incident_type]", "children")
    page.fill("input[name=occurred_at]", "2026-11-20T14:30")
    page.select_option("select[name=unit]", str(employee.unit_id))
    page.fill("input[name=q]", employee.first_name)
    page.locator(f"#people-results button[name=add][value='{employee.pk}']").click()
    page.wait_for_selector(f"#people-chosen input[name=people][value='{employee.pk}']", state="attached")
    page.fill("textarea[name=description]", "Child hit by a car at a crossing.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert CriticalIncident.objects.count() == before + 1
    incident = CriticalIncident.objects.order_by("-pk").first()
    assert page.url.endswith(f"/support/incidents/{incident.pk}/")
    # The manager sees numbers only.
    assert employee.first_name not in page.locator("main").inner_text()
    assert_accessible(page)

    colleague = new_page()
    login_as(colleague, portal, "employee")
    plan = FollowUpPlan.objects.get(incident=incident, person=employee)
    colleague.goto(portal.path("/support/follow-up/"))
    colleague.locator(f"a[href='/support/follow-up/{plan.pk}/']").click()
    colleague.wait_for_load_state()
    from django.utils import translation

    with translation.override(employee.language):
        title = incident.protocol.title
    assert title in colleague.content()  # the portal says which protocol runs
    assert_accessible(colleague)
    colleague.goto(portal.path("/support/log/"))
    assert IncidentLogEntry.objects.filter(owner=employee, incident=incident).exists()
    assert colleague.locator("article").count() == IncidentLogEntry.objects.filter(owner=employee).count()
    assert_accessible(colleague)
    colleague.goto(portal.path("/support/log/print/"))
    assert colleague.locator("article").count() >= 1


PAGES = [
    ("employee", "/support/log/"),
    ("employee", "/support/log/new/"),
    ("employee", "/support/help/"),
    ("employee", "/support/help/confidential_report/"),
    ("employee", "/me/access-log/"),
    ("peer_supporter", "/support/queue/"),
    ("coordinator", "/support/coordination/"),
    ("coordinator", "/support/incidents/"),
    ("manager", "/support/incidents/new/"),
    ("manager", "/support/reflection/new/"),
    ("wellbeing_officer", "/support/protocols/"),
    ("wellbeing_officer", "/support/help/inbox/"),
    ("counsellor", "/support/help/inbox/"),
]


def test_the_peer_support_pages_are_accessible_and_fit_a_phone(page, portal, login_as, assert_accessible):
    current = None
    for role, path in PAGES:
        if role != current:
            page.context.clear_cookies()
            login_as(page, portal, role)
            current = role
        page.goto(portal.path(path))
        assert page.locator("h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        assert_accessible(page)
