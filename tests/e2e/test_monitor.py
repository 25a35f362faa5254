"""The monitor in a real browser, on a phone (390 px) unless said otherwise, each page
scanned by axe: an employee answers in Danish a few questions per screen, pauses and picks
up again; the officer sets up, launches and closes a campaign through its confirmation
pages; after close a manager reads the dashboard on a phone and on a 1,366-pixel desktop
without anything wider than the screen, and the chart labels every scale."""

import datetime as dt
import json

from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from surveys.monitor import selectors, services
from surveys.monitor.models import Campaign, HeldResponse, Participation
from surveys.monitor.questionnaire import questionnaire_for


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"


def test_an_employee_answers_in_danish_a_few_questions_per_screen_on_a_phone(
    new_page, portal, login_as, assert_accessible
):
    User.objects.filter(email="employee@demo.example").update(language="da")
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    total = len(questionnaire_for(campaign).items)
    page = new_page("da")
    login_as(page, portal, "employee")
    page.goto(portal.path("/"))
    page.get_by_role("link", name="Spørgeskema om dit arbejde").first.click()
    expect(page.get_by_role("heading", name="Arbejdsmiljøundersøgelse 2026")).to_be_visible()
    page.get_by_role("link", name="Start").first.click()
    page.get_by_role("link", name="Start").first.click()
    assert page.locator("html").get_attribute("lang") == "da"
    # A few questions per screen, the position in words and a labelled progress bar.
    expect(page.get_by_text(f"Spørgsmål 1–8 af {total}")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Fremskridt")).to_have_attribute(
        "aria-valuetext", f"Spørgsmål 1–8 af {total}"
    )
    assert page.locator("fieldset legend").count() == 8
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("group", name="1. Er din arbejdsbyrde ujævnt fordelt, så den hober sig op?").get_by_label(
        "Ofte"
    ).check()
    page.get_by_role("button", name="Næste").click()
    expect(page.get_by_text(f"Spørgsmål 9–16 af {total}")).to_be_visible()
    page.get_by_role("group", name="9. ").first.get_by_label("Sjældent").check()
    page.get_by_role("button", name="Gem og fortsæt senere").click()
    page.wait_for_url(f"**{reverse('monitor:home')}")
    # Back later: the portal picks up at the screen where the last answer was.
    page.get_by_role("link", name="Fortsæt, hvor du slap").click()
    page.get_by_role("link", name="Fortsæt").first.click()
    expect(page.get_by_text(f"Spørgsmål 9–16 af {total}")).to_be_visible()
    assert page.get_by_role("group", name="9. ").first.get_by_label("Sjældent").is_checked()
    page.get_by_role("button", name="Tilbage").click()
    assert (
        page.get_by_role("group", name="1. Er din arbejdsbyrde ujævnt fordelt, så den hober sig op?")
        .get_by_label("Ofte")
        .is_checked()
    )
    # On through the screens to the organisation's own question on aggression.
    aggression = page.get_by_role(
        "group", name="60. Hvor ofte har du mødt verbal aggression (skæld ud, fornærmelser) i dit arbejde?"
    )
    for _ in range(12):
        if aggression.count():
            break
        page.get_by_role("button", name="Næste").click()
    aggression.get_by_label("Månedligt").check()
    assert_accessible(page)
    page.get_by_role("button", name="Næste").click()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send mine svar").click()
    page.wait_for_url("**/thanks/")
    employee = User.objects.get(email="employee@demo.example")
    assert selectors.has_answered(Participation.objects.get(campaign=campaign, user=employee))
    assert any(json.loads(held.answers).get("ag1") == 75 for held in HeldResponse.objects.all())


def test_the_officer_sets_up_launches_and_closes_a_campaign_through_confirmation_pages(
    new_page, portal, login_as, assert_accessible
):
    page = new_page("en")
    login_as(page, portal, "wellbeing_officer")
    User.objects.filter(email="wellbeing@demo.example").update(language="en")
    page.goto(portal.path(reverse("monitor:campaign_create")))
    assert_fits(page)
    assert_accessible(page)
    page.get_by_label("Name in English").fill("Autumn check")
    page.get_by_label("Name in Dutch").fill("Najaarspeiling")
    page.get_by_label("Name in Danish").fill("Efterårsmåling")
    population = page.get_by_role("group", name="Population")
    population.get_by_text("units under Regio Noord").click()  # open the region's branch
    population.get_by_label("District Groningen").check()
    opens = Campaign.objects.order_by("-opens_on").first().opens_on
    reminder = opens + dt.timedelta(days=14)
    page.get_by_label("Opens on").fill(opens.isoformat())
    page.get_by_label("Closes on").fill((opens + dt.timedelta(days=28)).isoformat())
    page.get_by_role("group", name="Reminder dates").get_by_label("Reminder 1").fill(reminder.isoformat())
    page.get_by_role("button", name="Save as draft").click()
    campaign = Campaign.objects.get(name="Autumn check")
    assert campaign.reminder_dates == [reminder.isoformat()] and [u.name for u in campaign.units.all()] == [
        "District Groningen"
    ]
    page.get_by_role("link", name="Launch: invite everyone").click()
    expect(page.get_by_role("heading", name="Launch “Autumn check”?")).to_be_visible()
    expect(page.get_by_text("cannot be undone")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT  # the page itself launches nothing
    page.get_by_role("button", name="Launch and invite").click()
    # The task that invites everyone runs eagerly in tests, after the confirm's commit.
    expect(page.get_by_text("Launched. The invitations are being prepared")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.is_open
    page.get_by_role("link", name="Close now and publish the results").click()
    expect(page.get_by_text("Closing cannot be undone.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Close now and publish the results").click()
    expect(page.get_by_text("Closed. The results are computed and published.")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.is_closed


def test_after_close_a_manager_reads_the_dashboard_on_a_phone_and_a_desktop(
    browser, new_page, portal, login_as, assert_accessible
):
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    everything = {key: 50 for key in questionnaire_for(campaign).items}
    for participation in Participation.objects.filter(campaign=campaign):
        services.draft_save(participation=participation, answers=everything)
        services.response_submit(participation=participation)
    services.campaign_close(campaign=campaign)

    phone = new_page("en")
    login_as(phone, portal, "manager")
    User.objects.filter(email="manager@demo.example").update(language="en")
    phone.goto(portal.path(reverse("monitor:results", args=[campaign.pk])))
    assert phone.get_by_role("heading", name="Results: Work survey 2026").is_visible()
    assert phone.get_by_role("table").first.is_visible()
    assert_fits(phone)
    assert_accessible(phone)
    phone.get_by_role("link", name="District Groningen").first.click()
    assert phone.get_by_role("heading", name="District Groningen").is_visible()
    expect(phone.locator("#monitor-chart")).to_be_visible()  # the chart draws (JavaScript on)
    assert phone.get_by_role("table").first.is_visible()  # and its table is there too
    # Every scale has its label on the chart, none skipped.
    labels = json.loads(phone.locator("#monitor-chart-data").text_content())["labels"]
    ticks = phone.evaluate("Chart.getChart(document.getElementById('monitor-chart')).scales.y.ticks.length")
    assert ticks == len(labels) > 20
    # A difference says in words whether it is better or worse.
    expect(phone.locator(".scores .trend").first).to_contain_text("(")
    assert phone.get_by_text("What we do about it").is_visible()
    assert phone.get_by_text("Rooster met minstens 11 uur rust tussen twee diensten").is_visible()
    assert_fits(phone)
    assert_accessible(phone)

    # The same page on a 1,366-pixel desktop: nothing wider than the screen.
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="en", storage_state=phone.context.storage_state()
    )
    try:
        desktop = context.new_page()
        desktop.goto(phone.url)
        assert_fits(desktop)
        assert_accessible(desktop)
        desktop.goto(portal.path(reverse("monitor:results", args=[campaign.pk])))
        assert_fits(desktop)
    finally:
        context.close()
