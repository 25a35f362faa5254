"""The Content Security Policy holds in a real browser: every role's main pages, the scripts that
draw charts, bars and markers, htmx, and the print page, without one refused script or style.

A listener for `securitypolicyviolation` is put in every page before its own scripts (Playwright's
init scripts are not under the page's policy), and the console is read for refusals as well."""

from pathlib import Path

import pytest
from django.urls import reverse

from surveys.monitor import services
from surveys.monitor.models import Campaign, Participation
from surveys.monitor.questionnaire import questionnaire_for

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""
ROLES = [
    "employee",
    "peer_supporter",
    "coordinator",
    "psychologist",
    "manager",
    "wellbeing_officer",
    "counsellor",
    "admin",
]
# Pages a role reaches from more than the menu: settings, sign-in security, sessions.
EVERYONE = ["/me/preferences/", "/accounts/sessions/", "/accounts/2fa/", "/accounts/password/change/"]
EXTRA = {
    "employee": ["/selftest/", "/support/log/print/"],
    "peer_supporter": ["/support/queue/"],
    "coordinator": ["/support/queue/", "/support/incidents/new/"],
    "admin": ["/admin/", "/admin/accounts/user/"],
}


def watch(page):
    refusals = []
    page.add_init_script(LISTENER)
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return refusals


def violations(page, refusals) -> list[str]:
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations || []") + refusals
    refusals.clear()
    return [f"{page.url}: {item}" for item in found]


def menu_paths(page, portal) -> list[str]:
    hrefs = page.eval_on_selector_all("header a[href], main a[href]", "links => links.map(a => a.href)")
    own = [href[len(portal.url) :] for href in hrefs if href.startswith(portal.url)]
    return sorted({path.split("#")[0] for path in own if path.startswith("/") and "logout" not in path})


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_any_role_breaks_the_content_security_policy(page, portal, login_as, role):
    refusals = watch(page)
    page.goto(portal.path("/accounts/login/"))
    found = violations(page, refusals)
    login_as(page, portal, role)
    found += violations(page, refusals)
    paths = sorted(set(menu_paths(page, portal) + EVERYONE + EXTRA.get(role, [])))
    for path in paths[:25]:
        page.goto(portal.path(path))
        found += violations(page, refusals)
    assert found == []


def test_the_scripts_that_replaced_inline_styles_still_draw(page, portal, login_as):
    """The self-test's progress bar and score marker, the monitor's chart height and progress."""
    refusals = watch(page)
    page.set_viewport_size({"width": 1200, "height": 900})
    login_as(page, portal, "employee")
    page.goto(portal.path(reverse("surveys:take", args=["who5"])))
    for n in range(1, 6):
        page.locator(f"#question-q{n} input[type=radio]").first.check()
    assert page.locator(".selftest-progress .progress-bar").evaluate("bar => bar.style.width") == "100%"
    page.locator("#selftest-form button[type=submit]").click()
    page.wait_for_load_state()
    marker = page.locator(".score-marker").first
    assert marker.is_visible() and marker.evaluate("m => m.style.left").endswith("%")
    assert violations(page, refusals) == []
    # The watcher itself sees a refusal: an inline style added now is reported.
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'p {}'; document.head.append(s); }"
    )
    page.evaluate(
        """() => new Promise(resolve => {
          const since = Date.now();
          const look = () => window.__cspViolations.some(v => v.includes("style-src")) || Date.now() - since > 5000
            ? resolve() : setTimeout(look, 20);
          look();
        })"""
    )
    assert any("style-src" in item for item in violations(page, refusals))


def test_the_monitor_chart_gets_its_height_without_an_inline_style(page, portal, login_as):
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    everything = {key: 50 for key in questionnaire_for(campaign).items}
    for participation in Participation.objects.filter(campaign=campaign):
        services.draft_save(participation=participation, answers=everything)
        services.response_submit(participation=participation)
    services.campaign_close(campaign=campaign)
    refusals = watch(page)
    page.set_viewport_size({"width": 1200, "height": 900})
    login_as(page, portal, "wellbeing_officer")
    page.goto(portal.path(reverse("monitor:results", args=[campaign.pk])))
    chart = page.locator(".monitor-chart")
    if chart.count():
        assert chart.first.is_visible()
        assert chart.first.evaluate("c => c.style.height") == chart.first.get_attribute("data-height") + "px"
    assert violations(page, refusals) == []


def test_no_browser_test_evaluates_a_string_that_the_policy_forbids():
    """`wait_for_function` runs its string with eval inside the page, which our
    `script-src 'self'` refuses whenever the first check is false: a test that passes on a
    fast machine fails on a slow one. Wait with a locator or `page.evaluate` instead."""
    here = Path(__file__).parent
    offenders = [p.name for p in sorted(here.glob("*.py")) if "wait_for_" + "function(" in p.read_text()]
    assert offenders == []
