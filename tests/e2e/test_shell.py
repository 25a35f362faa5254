"""The portal's shell in a real browser: the header at a laptop's width and on a phone."""

import pytest

from accounts.models import User
from tests.e2e.conftest import DEMO_EMAILS

# Every item of the header whose text must stay on one line: the brand, the links, the
# language switch's button, "My settings" and "Log out".
HEADER_ITEMS = "header .navbar-brand, header .nav-link, header .btn"

WRAPPED_ITEMS = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const height = range.getBoundingClientRect().height;
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight);
    return {text: el.textContent.trim(), height, lineHeight};
  })
  .filter((item) => item.text && item.height > item.lineHeight * 1.5)
"""

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def header_problems(page) -> list:
    return page.evaluate(WRAPPED_ITEMS, HEADER_ITEMS)


# The longest menus: the admin has every staff tool, and Dutch and Danish labels are longer.
@pytest.mark.parametrize(
    "role,language",
    [("admin", "nl"), ("admin", "da"), ("coordinator", "en"), ("employee", "nl"), (None, "da")],
)
def test_no_header_item_wraps_and_nothing_scrolls_sideways_at_1366_and_on_a_phone(
    new_page, portal, login_as, role, language
):
    page = new_page(language)
    if role:
        User.objects.filter(email=DEMO_EMAILS[role]).update(language=language)
        login_as(page, portal, role)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(portal.url)
    assert page.locator("html").get_attribute("lang") == language
    visible = page.locator("header .nav-link:visible").count()
    assert visible >= (4 if role == "admin" else 2)
    assert header_problems(page) == []
    assert page.evaluate(OVERFLOW) <= 0
    # Log out sits on the first row, beside the brand, whatever the links do.
    if role:
        brand = page.locator("header .navbar-brand").bounding_box()
        log_out = page.locator("header form[action='/accounts/logout/'] button").bounding_box()
        assert abs((brand["y"] + brand["height"] / 2) - (log_out["y"] + log_out["height"] / 2)) < 12

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.url)
    assert page.evaluate(OVERFLOW) <= 0
    assert page.locator("#main-nav").is_hidden()  # folded behind the menu button
    page.locator(".navbar-toggler").click()
    page.locator("#main-nav .nav-link").first.wait_for(state="visible")
    page.locator("#main-nav.collapsing").wait_for(state="detached")
    assert header_problems(page) == []
    assert page.evaluate(OVERFLOW) <= 0


def test_a_missing_page_is_calm_accessible_and_shows_the_way_home(page, portal, assert_accessible):
    response = page.goto(portal.path("/no-such-page/"))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We cannot find this page"
    assert page.get_by_role("link", name="Go to the home page").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.path("/no-such-page/"))
    assert page.evaluate(OVERFLOW) <= 0


def test_the_login_and_code_pages_speak_dutch_with_je_and_are_accessible(new_page, portal, assert_accessible):
    from wellbeing.management.commands.seed_demo import DEMO_PASSWORD

    page = new_page("nl")
    page.goto(portal.path("/accounts/login/"))
    assert page.locator("h1").inner_text() == "Inloggen"
    assert page.locator("input[name=remember]").count() == 0
    assert_accessible(page)
    page.fill("input[name=login]", DEMO_EMAILS["psychologist"])
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.locator("h1").inner_text() == "Nog één stap"
    assert page.get_by_label("Code uit je authenticator-app").is_visible()
    text = page.locator("main").inner_text()
    assert "alstublieft" not in text and "Aanmelden" not in text
    assert_accessible(page)
