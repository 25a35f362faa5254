"""Self-tests in a real browser, with the keyboard only, in Dutch, on a phone-sized screen."""

from django.urls import reverse

from surveys.models import SelfTestStatistic


def press_until(page, key, predicate, limit=60):
    """Press `key` until `predicate` (JS returning a boolean) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached: {predicate}")


def focused_radio(name):
    return f"document.activeElement && document.activeElement.name === '{name}'"


def answer(page, name, steps_down=0):
    """Tab into the question's radio group, pick the first answer, move down `steps_down`."""
    press_until(page, "Tab", focused_radio(name))
    page.keyboard.press("Space")
    for _ in range(steps_down):
        page.keyboard.press("ArrowDown")


def test_who5_with_the_keyboard_only_in_dutch_without_losing_answers_when_going_back(
    new_page, portal, assert_accessible
):
    before = set(SelfTestStatistic.objects.values_list("pk", flat=True))  # the demo data has some
    page = new_page("nl")
    page.goto(portal.path(reverse("surveys:list")))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    who5 = reverse("surveys:take", args=["who5"])
    press_until(page, "Tab", f"document.activeElement.getAttribute('href') === '{who5}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{who5}")
    assert_accessible(page)
    # On a phone one question shows at a time, with progress.
    assert page.locator("#question-q2").is_hidden()
    assert "Vraag 1 van 5" in page.locator("#progress-text").inner_text()

    answer(page, "q1", steps_down=1)  # "Meestal" (4)
    page.keyboard.press("Enter")  # Enter on an answer moves on
    assert page.locator("#question-q2").is_visible()
    answer(page, "q2", steps_down=1)
    page.keyboard.press("Enter")
    answer(page, "q3", steps_down=2)  # "Meer dan de helft van de tijd" (3)
    # Back to question 2 with the keyboard: the answer is still there.
    press_until(page, "Tab", "document.activeElement.textContent === 'Vorige vraag'")
    page.keyboard.press("Enter")
    assert page.locator("#question-q2").is_visible()
    assert page.locator("#q2-1").is_checked()
    press_until(page, "Tab", "document.activeElement.textContent === 'Volgende vraag'")
    page.keyboard.press("Enter")
    assert page.locator("#q3-2").is_checked()
    press_until(page, "Tab", "document.activeElement.textContent === 'Volgende vraag'")
    page.keyboard.press("Enter")
    answer(page, "q4", steps_down=1)
    page.keyboard.press("Enter")
    answer(page, "q5", steps_down=1)
    assert "Vraag 5 van 5" in page.locator("#progress-text").inner_text()
    page.keyboard.press("Enter")  # on the last question Enter sends the form

    page.wait_for_selector("#not-a-diagnosis")
    assert "Je uitkomst" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "76" in body  # 4+4+3+4+4 = 19, times 4
    assert "Goed welbevinden" in body
    assert "geen diagnose" in body
    assert page.locator("#crisis-help").count() == 0
    assert f"{who5}?" not in page.url and "q1=" not in page.url
    assert_accessible(page)
    new = SelfTestStatistic.objects.exclude(pk__in=before)
    assert list(new.values_list("instrument", "band")) == [("who5", "good")]


def test_phq9_with_the_keyboard_only_in_dutch_shows_crisis_help_first(new_page, portal, login_as, assert_accessible):
    before = set(SelfTestStatistic.objects.values_list("pk", flat=True))
    page = new_page("nl")
    login_as(page, portal, "employee")  # the demo employee prefers Dutch
    page.goto(portal.path(reverse("surveys:take", args=["phq9"])))
    assert "Weinig interesse of plezier in het doen van dingen" in page.locator("main").inner_text()
    assert_accessible(page)
    for n in range(1, 9):
        answer(page, f"q{n}")  # "Helemaal niet"
        page.keyboard.press("Enter")
    answer(page, "q9", steps_down=1)  # "Meerdere dagen": item 9 above 0
    page.keyboard.press("Enter")
    answer(page, "difficulty")  # the optional tenth question
    page.keyboard.press("Enter")

    page.wait_for_selector("#crisis-help")
    crisis = page.locator("#crisis-help")
    assert "Nu meteen hulp" in crisis.inner_text()
    assert "0800-0113" in crisis.inner_text()
    assert page.evaluate(
        "document.querySelector('#crisis-help').compareDocumentPosition(document.querySelector('main h1')) & 4"
    )  # the crisis block comes before the heading
    assert "Weinig of geen klachten" in page.locator("main").inner_text()
    assert page.locator("text=Herinner me").count() >= 1  # logged in: a reminder may be asked for
    assert_accessible(page)
    new = SelfTestStatistic.objects.exclude(pk__in=before)
    assert list(new.values_list("instrument", "band")) == [("phq9", "minimal")]


def test_on_a_wide_screen_all_questions_show_on_one_page(new_page, portal):
    page = new_page("en")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portal.path(reverse("surveys:take", args=["gad7"])))
    assert page.locator(".selftest-question:visible").count() == 7
    page.locator("#q1-1").check()
    assert "1 of 7 answered" in page.locator("#progress-text").inner_text()


def test_the_wellbeing_officer_reads_the_statistics_with_small_numbers_hidden(
    new_page, portal, login_as, assert_accessible
):
    page = new_page("en")
    login_as(page, portal, "wellbeing_officer")  # the demo officer reads English
    page.goto(portal.path(reverse("surveys:statistics")))
    assert page.locator("h1").inner_text() == "Self-test statistics"
    assert "numbers below 10 are hidden" in page.locator("main").inner_text()
    assert page.locator("text=hidden, fewer than 10").count() >= 1
    assert page.locator("table").count() == 6
    assert_accessible(page)
