"""Journeys of peer support in a real browser: asking for a talk, a supporter taking and
closing it; a manager registering an incident, and the colleague seeing the plan and log."""

from django.urls import reverse

from peer_support.models import CriticalIncident, FollowUpPlan, IncidentLogEntry, SupportRequest
from tests.e2e.conftest import DEMO_EMAILS


def test_an_employee_asks_for_a_talk_and_a_supporter_takes_and_closes_it(
    page, new_page, portal, login_as, assert_accessible
):
    login_as(page, portal, "employee")
    page.goto(portal.path(reverse("peer_support:request_create")))
    assert page.locator(".privacy-note").first.is_visible()
    assert_accessible(page)
    page.check("input[name=urgency][value=today]")
    page.check("input[name=contact_method][value=phone]")
    page.fill("input[name=contact_detail]", "06 12345678")
    page.fill("input[name=preferred_times]", "after 18:00")
    page.fill("textarea[name=message]", "Last night was hard.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    request = SupportRequest.objects.get(requester__email=DEMO_EMAILS["employee"])
    detail = reverse("peer_support:request_detail", args=[request.pk])
    assert page.url.endswith(detail)
    assert_accessible(page)

    supporter = new_page()
    login_as(supporter, portal, "peer_supporter")
    supporter.goto(portal.path(reverse("peer_support:queue")))
    assert supporter.locator(f"a[href='{detail}']").count() == 1
    assert_accessible(supporter)
    supporter.goto(portal.path(detail))
    assert "Last night was hard." in supporter.content()
    supporter.locator(f"form[action='{reverse('peer_support:request_claim', args=[request.pk])}'] button").click()
    supporter.wait_for_load_state()
    assert_accessible(supporter)
    supporter.locator(f"form[action='{reverse('peer_support:request_contact', args=[request.pk])}'] button").click()
    supporter.wait_for_load_state()
    supporter.fill("textarea[name=text]", "Called, agreed to talk again Friday.")
    supporter.locator(f"form[action='{reverse('peer_support:request_note', args=[request.pk])}'] button").click()
    supporter.wait_for_load_state()
    supporter.locator(f"a[href='{reverse('peer_support:request_close', args=[request.pk])}']").click()
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
    page.goto(portal.path(reverse("peer_support:incident_create")))
    assert_accessible(page)
    page.select_option("select[name=incident_type]", "children")
    page.fill("input[name=occurred_at]", "2026-11-20T14:30")
    page.select_option("select[name=unit]", str(employee.unit_id))
    page.fill("input[name=q]", employee.first_name)
    page.locator(f"#people-results button[name=add][value='{employee.pk}']").click()
    page.wait_for_selector(f"#people-chosen input[name=people][value='{employee.pk}']", state="attached")
    page.fill("textarea[name=description]", "Child hit by a car at a crossing.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert CriticalIncident.objects.count() == before + 1
    incident = CriticalIncident.objects.order_by("-pk").first()
    assert page.url.endswith(reverse("peer_support:incident_detail", args=[incident.pk]))
    # The manager sees numbers only.
    assert employee.first_name not in page.locator("main").inner_text()
    assert_accessible(page)

    colleague = new_page()
    login_as(colleague, portal, "employee")
    plan = FollowUpPlan.objects.get(incident=incident, person=employee)
    colleague.goto(portal.path(reverse("peer_support:plan_list")))
    colleague.locator(f"a[href='{reverse('peer_support:plan_detail', args=[plan.pk])}']").click()
    colleague.wait_for_load_state()
    from django.utils import translation

    with translation.override(employee.language):
        title = incident.protocol.title
    assert title in colleague.content()  # the portal says which protocol runs
    assert_accessible(colleague)
    colleague.goto(portal.path(reverse("peer_support:log_list")))
    assert IncidentLogEntry.objects.filter(owner=employee, incident=incident).exists()
    assert colleague.locator("article").count() == IncidentLogEntry.objects.filter(owner=employee).count()
    assert_accessible(colleague)
    colleague.goto(portal.path(reverse("peer_support:log_print")))
    assert colleague.locator("article").count() >= 1


PAGES = [
    ("employee", "peer_support:log_list", []),
    ("employee", "peer_support:log_create", []),
    ("employee", "peer_support:help_routes", []),
    ("employee", "peer_support:help_route_create", ["confidential_report"]),
    ("employee", "accounts:access_log", []),
    ("peer_supporter", "peer_support:queue", []),
    ("coordinator", "peer_support:coordination", []),
    ("coordinator", "peer_support:incident_list", []),
    ("manager", "peer_support:incident_create", []),
    ("manager", "peer_support:reflection_create", []),
    ("wellbeing_officer", "peer_support:protocol_settings", []),
    ("wellbeing_officer", "peer_support:help_inbox", []),
    ("counsellor", "peer_support:help_inbox", []),
]


def test_the_peer_support_pages_are_accessible_and_fit_a_phone(page, portal, login_as, assert_accessible):
    current = None
    for role, name, args in PAGES:
        path = reverse(name, args=args)
        if role != current:
            page.context.clear_cookies()
            login_as(page, portal, role)
            current = role
        page.goto(portal.path(path))
        assert page.locator("h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        assert_accessible(page)
