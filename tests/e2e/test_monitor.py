"""The monitor in a real browser: an employee answers in Danish on a phone; after close, a
manager sees the dashboard (heat map, chart with its table, measures) and it passes axe."""

import json

from playwright.sync_api import expect

from accounts.models import User
from surveys.monitor import services
from surveys.monitor.models import Campaign, HeldResponse, Participation
from surveys.monitor.questionnaire import questionnaire_for


def test_an_employee_answers_in_danish_and_after_close_a_manager_sees_the_dashboard(
    new_page, portal, login_as, assert_accessible
):
    User.objects.filter(email="employee@demo.example").update(language="da")
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    page = new_page("da")
    login_as(page, portal, "employee")
    page.goto(portal.path("/"))
    page.get_by_role("link", name="Spørgeskema om dit arbejde").first.click()
    page.get_by_role("link", name="Start").first.click()
    page.get_by_role("link", name="Start").first.click()
    assert page.locator("html").get_attribute("lang") == "da"
    assert_accessible(page)
    # Part 1 (COPSOQ): answer two questions, pause, and come back later.
    page.get_by_role("group", name="1. Er din arbejdsbyrde ujævnt fordelt, så den hober sig op?").get_by_label(
        "Ofte"
    ).check()
    page.get_by_role("group", name="5. Er det nødvendigt at arbejde meget hurtigt?").get_by_label("Sjældent").check()
    page.get_by_role("button", name="Gem og fortsæt senere").click()
    page.wait_for_url("**/monitor/")
    page.get_by_role("link", name="Fortsæt, hvor du slap").click()
    page.get_by_role("link", name="Fortsæt").first.click()
    assert (
        page.get_by_role("group", name="1. Er din arbejdsbyrde ujævnt fordelt, så den hober sig op?")
        .get_by_label("Ofte")
        .is_checked()
    )
    page.get_by_role("button", name="Næste").click()
    # Part 2: the organisation's own questions.
    page.get_by_role(
        "group", name="8. Hvor ofte har du mødt verbal aggression (skæld ud, fornærmelser) i dit arbejde?"
    ).get_by_label("Månedligt").check()
    page.get_by_role("button", name="Næste").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send mine svar").click()
    page.wait_for_url("**/thanks/")
    employee = User.objects.get(email="employee@demo.example")
    assert services.has_answered(Participation.objects.get(campaign=campaign, user=employee))
    assert any(json.loads(held.answers).get("ag1") == 75 for held in HeldResponse.objects.all())

    # Everyone else in the demo answers too, then the campaign closes.
    everything = {key: 50 for key in questionnaire_for(campaign).items}
    for participation in Participation.objects.filter(campaign=campaign).exclude(user=employee):
        services.draft_save(participation=participation, answers=everything)
        services.response_submit(participation=participation)
    services.campaign_close(campaign=campaign)

    manager = new_page("en")
    login_as(manager, portal, "manager")
    User.objects.filter(email="manager@demo.example").update(language="en")
    manager.goto(portal.path(f"/monitor/c/{campaign.pk}/results/"))
    assert manager.get_by_role("heading", name="Results: Work survey 2026").is_visible()
    assert manager.get_by_role("table").first.is_visible()
    assert_accessible(manager)
    manager.get_by_role("link", name="District Groningen").first.click()
    assert manager.get_by_role("heading", name="District Groningen").is_visible()
    expect(manager.locator("#monitor-chart")).to_be_visible()  # the chart draws (JavaScript on)
    assert manager.get_by_role("table").first.is_visible()  # and its table is there too
    assert manager.get_by_text("What we do about it").is_visible()
    assert manager.get_by_text("Roster with at least 11 hours between shifts").is_visible()
    assert_accessible(manager)
