import re

import pytest

from tests.e2e.conftest import DEMO_EMAILS


def test_a_visitor_sees_the_emergency_numbers_and_can_log_in(page, portal, assert_accessible):
    page.goto(portal.url)
    banner = page.get_by_role("region", name="Emergency numbers")
    assert "112" in banner.inner_text()
    assert "0900-8844" in banner.inner_text()
    assert_accessible(page)
    page.goto(portal.path("/accounts/login/"))
    assert_accessible(page)


@pytest.mark.parametrize("role", list(DEMO_EMAILS))
def test_each_demo_role_logs_in_and_reaches_its_home_page(page, portal, login_as, assert_accessible, role):
    login_as(page, portal, role)
    page.goto(portal.url)
    assert page.locator("h1").first.inner_text().startswith(("Hello", "Hallo", "Hej"))
    # The banner's name is translated for the Dutch and Danish demo users.
    banner = page.get_by_role("region", name=re.compile("Emergency numbers|Noodnummers|Nødnumre"))
    assert banner.is_visible()
    assert_accessible(page)


def test_the_language_switch_is_saved_for_the_user(page, portal, login_as):
    login_as(page, portal, "employee")  # the demo employee prefers Dutch
    page.goto(portal.url)
    assert page.locator("html").get_attribute("lang") == "nl"
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on a phone the menu is folded
        toggler.click()
    page.select_option("#language-select", "da")
    page.locator("#language-select ~ button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"
    from accounts.models import User

    assert User.objects.get(email=DEMO_EMAILS["employee"]).language == "da"


def test_the_home_page_works_on_a_phone_without_horizontal_scrolling(page, portal, login_as):
    login_as(page, portal, "employee")
    page.goto(portal.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
