"""Browser tests: headless Chromium from Debian's `chromium` package, driven by Playwright.

Never a downloaded browser. The portal runs in pytest-django's live server (a real
HTTP server in a thread) with the demo data of `seed_demo`, reset for every test.
Playwright's sync API runs an event loop in this thread, so Django's async-safety
check is switched off for these tests only.

Fixtures for journeys:
- `portal`: the running portal with demo data; `portal.url`, `portal.path(url)`.
- `page`: a fresh page (own cookies) on the portal; `new_page()` opens another one,
  e.g. for a second person in the same journey.
- `login_as(page, portal, "employee")`: logs in a demo user by role (TOTP for privileged roles).
- `assert_accessible(page)`: axe-core scan; fails on serious or critical violations.
"""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

DEMO_EMAILS = {
    "employee": "employee@demo.example",
    "peer_supporter": "peer@demo.example",
    "coordinator": "coordinator@demo.example",
    "psychologist": "psychologist@demo.example",
    "manager": "manager@demo.example",
    "wellbeing_officer": "wellbeing@demo.example",
    "counsellor": "counsellor@demo.example",
    "admin": "admin@demo.example",
    "trainer": "trainer@demo.example",
    "data_protection": "dpo@demo.example",
}


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail("E2E_REQUIRED is set but Debian's chromium is not installed (apt-get install chromium).")
        pytest.skip("browser tests need Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class Portal:
    url: str

    def path(self, path: str) -> str:
        return self.url.rstrip("/") + path


@pytest.fixture
def portal(live_server, transactional_db, settings):
    settings.PORTAL_BASE_URL = live_server.url
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    return Portal(url=live_server.url)


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page(language: str = "en"):
        # Reduced motion, as many people on a tired night set it: Bootstrap then drops its
        # transitions, so that a check reads the page as it settles, not halfway through a fade.
        context = browser.new_context(locale=language, viewport={"width": 390, "height": 844}, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _totp_now() -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from wellbeing.management.commands.seed_demo import DEMO_TOTP_SECRET

    # A code typed in the last seconds of its 30-second window may arrive in the next one.
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def login_as():
    from wellbeing.management.commands.seed_demo import DEMO_PASSWORD

    def login(page, portal: Portal, role: str):
        page.goto(portal.path("/accounts/login/"))
        page.fill("input[name=login]", DEMO_EMAILS[role])
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("main form button[type=submit]").last.click()
        if "/accounts/2fa/authenticate" in page.url:
            # The same code may not be used twice in its 30 seconds; the tests log in often.
            cache.clear()
            page.fill("input[name=code]", _totp_now())
            page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert "/accounts/login" not in page.url and "/accounts/2fa/" not in page.url, f"login as {role} failed"
        return page

    return login


@pytest.fixture
def assert_accessible():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        # Colours are measured on the settled page: wait for any transition (a button that was
        # just pressed, an htmx swap) to finish.
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious
        )
        assert not serious, f"accessibility violations on {page.url}:\n{details}"

    return check
