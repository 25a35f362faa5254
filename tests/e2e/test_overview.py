"""The manager's overview in a real browser, with the demo data: the demo manager finds it
from the home page on a phone, reads the figures (a chart drawn by the app's own script,
with the same figures in a table), and on a 1,366-pixel desktop chooses a team; every
page scanned by axe, nothing wider than the screen."""

from django.urls import reverse
from playwright.sync_api import expect


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"


def test_the_demo_manager_reads_the_overview_on_a_phone_and_a_desktop(
    browser, page, portal, login_as, assert_accessible
):
    login_as(page, portal, "manager")
    page.goto(portal.path("/"))
    page.get_by_role("link", name="Overzicht van mijn eenheden").first.click()
    expect(page.get_by_role("heading", name="Overzicht: District Groningen")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat nu jouw aandacht vraagt")).to_be_visible()
    # The chart is drawn (the script un-hides its box) and the table carries the figures.
    expect(page.locator("#overview-usage-chart")).to_be_visible()
    table = page.get_by_role("table", name="Mensen die check-ups en collegiale ondersteuning gebruikten, per kwartaal")
    expect(table).to_be_visible()
    assert table.get_by_role("cell", name="verborgen").count() >= 1
    assert_fits(page)
    assert_accessible(page)

    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="nl", storage_state=page.context.storage_state()
    )
    try:
        desktop = context.new_page()
        desktop.goto(portal.path(reverse("overview:overview")))
        assert_fits(desktop)
        assert_accessible(desktop)
        desktop.get_by_label("Eenheid").select_option(label="Team Groningen Noord")
        desktop.get_by_role("button", name="Tonen").click()
        expect(desktop.get_by_role("heading", name="Overzicht: Team Groningen Noord")).to_be_visible()
        assert_fits(desktop)
        assert_accessible(desktop)
    finally:
        context.close()
