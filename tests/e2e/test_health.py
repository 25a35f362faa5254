"""The health square in a real browser, on a phone-sized screen (390x844)."""

from django.urls import reverse

from health.models import ModuleProgress


def test_reading_an_article_on_a_phone_without_logging_in(page, portal, assert_accessible):
    page.goto(portal.path(reverse("health:square")))
    assert "Nobody records what you read here" in page.locator("#no-tracking").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="After a heavy incident").click()
    page.wait_for_url("**/health/themes/after-a-heavy-incident/")
    assert page.get_by_role("heading", name="Written for partners").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="The first days after an incident").click()
    page.wait_for_url("**/health/articles/the-first-days/")
    assert page.locator("h1").inner_text() == "The first days after an incident"
    assert_accessible(page)
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The way to help is on the page.
    assert page.get_by_role("link", name="Talk to a colleague from peer support").count() >= 1


def test_searching_the_square_in_danish(new_page, portal, assert_accessible):
    page = new_page("da")
    page.goto(portal.path(reverse("health:square")))
    page.get_by_label("Søg på sundhedstorvet").fill("nattevagt")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**/health/search/?q=*")
    assert "fundet" in page.locator("#results-heading").inner_text()
    assert_accessible(page)


def test_completing_a_learning_module_keeps_progress_for_the_reader(page, portal, login_as, assert_accessible):
    login_as(page, portal, "employee")
    page.goto(portal.path(reverse("health:module", args=["sleep-on-shifts"])))
    assert_accessible(page)
    # The demo employee reads in Dutch.
    page.get_by_role("link", name="Beginnen").click()
    for _ in range(4):
        page.wait_for_selector("main form button[type=submit]")
        assert_accessible(page)
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/check/")
    assert_accessible(page)
    for fieldset in page.locator("main fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Bekijk de antwoorden").click()
    page.wait_for_selector("#feedback")
    assert_accessible(page)
    assert "dat klopt." in page.locator("#feedback").inner_text()
    progress = ModuleProgress.objects.get(user__email="employee@demo.example")
    assert progress.lessons_done == [1, 2, 3, 4] and progress.check_done_on is not None
