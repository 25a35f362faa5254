"""The load test's journeys as plain functions, for Locust and for the tests alike.

A journey is what one person does in one sitting, through the real pages and forms: it reads
each page's HTML (the standard library's parser), finds the form, fills it as a person would
and posts it with the page's CSRF token. It talks to a `client` with two methods,

    client.get(path, name)          -> Page
    client.post(path, data, name)   -> Page

which make ONE request each (no redirect followed) and return its status, path, text and
`Location`. `loadtests/locustfile.py` gives them Locust's HTTP session (each request is
counted under the journey's `name`); `tests/loadtests/test_journeys.py` gives them Django's
test client. No Locust or gevent import here: the tests import this module as it is.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from loadtests.seed_load import LOAD_PASSWORD, LOAD_TOTP_SECRET, account_email

LOGIN_PATH = "/accounts/login/"
MFA_PATH = "/accounts/2fa/authenticate/"
MAX_REDIRECTS = 5
# The forms of every page's header (templates/base.html): never the form a journey is after.
HEADER_FORMS = {"/language/", "/accounts/logout/", "/organisation/"}


class JourneyError(Exception):
    """The page was not what a person would have seen: the journey stops and counts as failed."""


# --- Pages and forms ------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)  # each: name, type, value, checked (inputs, buttons)
    selects: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # name -> [(value, selected)]
    textareas: dict[str, str] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {f["name"] for f in self.fields if f["name"]} | set(self.selects) | set(self.textareas)

    def data(self, *, submit: str | None = None, rng: random.Random | None = None, **values) -> dict:
        """What the browser sends: hidden and filled fields, one choice per radio group (the one
        checked, else one at random), checked boxes, selected options, and the `submit` button."""
        rng = rng or random.Random(0)
        data: dict[str, str] = {}
        radios: dict[str, list[dict]] = {}
        for f in self.fields:
            name, kind = f["name"], f["type"]
            if not name:
                continue
            if kind == "radio":
                radios.setdefault(name, []).append(f)
            elif kind == "checkbox":
                if f["checked"]:
                    data[name] = f["value"] or "on"
            elif kind in ("submit", "button", "image", "reset"):
                if submit is not None and name == submit:
                    data[name] = f["value"]
            else:
                data[name] = f["value"]
        for name, options in radios.items():
            checked = [o for o in options if o["checked"]]
            data[name] = (checked[0] if checked else rng.choice(options))["value"]
        for name, options in self.selects.items():
            chosen = [v for v, selected in options if selected] or [v for v, _ in options if v] or [""]
            data[name] = chosen[0]
        data.update(self.textareas)
        data.update(values)
        return data


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(
                {"name": a.get("name", ""), "type": kind, "value": a.get("value", ""), "checked": "checked" in a}
            )
        elif tag == "select":
            self._select = a.get("name", "")
            self._form.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._form.selects[self._select].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = a.get("name", "")
            self._form.textareas[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            self._form.textareas[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Page:
    status: int
    path: str  # the path asked for, with its query
    text: str = ""
    location: str = ""  # where a redirect points, as a path
    _parsed: _PageParser | None = None

    def _parser(self) -> _PageParser:
        if self._parsed is None:
            self._parsed = _PageParser()
            self._parsed.feed(self.text)
        return self._parsed

    @property
    def forms(self) -> list[Form]:
        return self._parser().forms

    def links(self, pattern: str) -> list[str]:
        """The page's links whose path matches `pattern` (a regex), resolved against this page."""
        found = []
        for href in self._parser().links:
            url = urljoin(self.path, href)
            if re.search(pattern, urlsplit(url).path) and url not in found:
                found.append(url)
        return found

    def form(self, *, has: str | None = None, method: str = "post") -> Form:
        """The page's own form (not one of the header's): the first of `method` with a field
        named `has`; a JourneyError if there is none."""
        own = urlsplit(self.path).path
        for f in self.forms:
            target = urlsplit(self.form_action(f)).path
            if f.method != method or (target in HEADER_FORMS and target != own):
                continue
            if has is None or has in f.names():
                return f
        raise JourneyError(f"{self.path}: no {method} form" + (f" with {has!r}" if has else ""))

    def form_action(self, form: Form) -> str:
        return urljoin(self.path, form.action) if form.action else self.path


def location_path(location: str) -> str:
    """A redirect's target as a path with its query (the server may answer with a full URL)."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def visit(client, path: str, name: str, *, data: dict | None = None) -> Page:
    """GET (or POST `data` to) `path` and follow its redirects as a browser does, each one a request."""
    page = client.get(path, name) if data is None else client.post(path, data, name)
    for _hop in range(MAX_REDIRECTS):
        if page.status not in (301, 302, 303, 307, 308):
            break
        page = client.get(urljoin(page.path, page.location), name)
    if page.status >= 400:
        raise JourneyError(f"{page.path}: {page.status}")
    if urlsplit(page.path).path == LOGIN_PATH and "log in" not in name:
        raise JourneyError(f"sent to the login page (session lost) on {path}")
    return page


def submit(client, page: Page, form: Form, name: str, **data) -> Page:
    return visit(client, page.form_action(form), name, data=form.data(**data))


# --- Logging in ------------------------------------------------------------------------------

JOURNEY_LOGIN = "log in"


def totp_code(secret: str = LOAD_TOTP_SECRET, *, at: float | None = None) -> str:
    """The six digits an authenticator app would show (RFC 6238: SHA-1, 30 seconds, as allauth's
    defaults). Written out here, not imported from allauth, whose module needs Django's settings,
    which the Locust process does not load; a test checks it against allauth's own."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def log_in(client, email: str, *, password: str = LOAD_PASSWORD, name: str = "") -> Page:
    """The login form, then (for a privileged role) the authenticator code, as a person types them."""
    name = name or JOURNEY_LOGIN
    page = visit(client, LOGIN_PATH, name)
    form = page.form(has="login")
    page = submit(client, page, form, name, login=email, password=password)
    for _attempt in range(2):
        if urlsplit(page.path).path != MFA_PATH:
            break
        # A second try with a fresh code, as a person does when the code ran out while the
        # server was slow (allauth accepts a code only in its own 30 seconds).
        page = submit(client, page, page.form(has="code"), name, code=totp_code())
    if urlsplit(page.path).path in (LOGIN_PATH, MFA_PATH):
        raise JourneyError(f"login refused for {email.split('@')[0]}")
    return page


def log_out(client, name: str) -> Page:
    page = visit(client, "/accounts/logout/", name)
    return submit(client, page, page.form(), name)


# --- The journeys ---------------------------------------------------------------------------


def employee_login(client, account: str, rng: random.Random) -> None:
    """Log out and in again: the start of every shift on a shared computer."""
    log_out(client, "employee: log in")
    log_in(client, account, name="employee: log in")


def employee_browse_slots(client, account: str, rng: random.Random) -> None:
    name = "employee: browse slots"
    start = visit(client, "/checkups/", name)
    kinds = start.links(r"^/checkups/book/[\w-]+/$")
    if not kinds:
        raise JourneyError("no kind of talk to book")
    week = visit(client, rng.choice(kinds), name)
    later = [link for link in week.links(r"^/checkups/book/[\w-]+/$") if "date=" in link]
    if later:
        visit(client, later[-1], name)


def employee_book_and_cancel(client, account: str, rng: random.Random) -> None:
    """Next week (past the cancellation cut-off), a free time, booked on the form, then cancelled."""
    name = "employee: book and cancel"
    week = visit(client, "/checkups/book/check-up/", name)
    later = [link for link in week.links(r"^/checkups/book/check-up/$") if "date=" in link]
    if later:
        week = visit(client, later[-1], name)
    times = week.links(r"^/checkups/book/check-up/\d+/$")
    if not times:
        raise JourneyError("no free time next week")
    confirm = visit(client, rng.choice(times), name)
    form = confirm.form(has="slot")
    extra = {"call_number": "+31612345678"} if "call_number" in form.names() else {}
    done = submit(client, confirm, form, name, rng=rng, note="", **extra)
    match = re.match(r"^/checkups/appointments/(\d+)/booked/$", urlsplit(done.path).path)
    if match is None:
        return  # someone else took the time first: the person is shown the week again
    cancel = visit(client, f"/checkups/appointments/{match[1]}/cancel/", name)
    submit(client, cancel, cancel.form(), name)


def employee_selftest(client, account: str, rng: random.Random) -> None:
    name = "employee: self-test"
    tests = visit(client, "/selftest/", name).links(r"^/selftest/(?!statistics/|reminder/)[\w-]+/$")
    if not tests:
        raise JourneyError("no self-test offered")
    page = visit(client, rng.choice(tests), name)
    form = page.form(has="csrfmiddlewaretoken")
    submit(client, page, form, name, rng=rng)


def employee_monitor(client, account: str, rng: random.Random) -> None:
    """The monitor's home; when a campaign is open for the person, a page of answers at a time."""
    name = "employee: monitor"
    home = visit(client, "/monitor/", name)
    intros = home.links(r"^/monitor/c/\d+/$")
    if not intros:
        return  # already answered: the home page is the journey
    page = visit(client, intros[0], name)
    for _step in range(20):
        if "/thanks/" in page.path:
            return
        try:
            form = page.form()
        except JourneyError:
            steps = page.links(r"^/monitor/c/\d+/answer/\d+/$")
            if not steps:
                raise
            page = visit(client, steps[0], name)
            continue
        names = form.names()
        button = next((b for b in ("start", "next", "submit") if b in names), None)
        page = submit(client, page, form, name, rng=rng, submit=button)
    raise JourneyError(f"the monitor's questions did not end ({page.path})")


def employee_health(client, account: str, rng: random.Random) -> None:
    name = "employee: health square"
    square = visit(client, "/health/", name)
    articles = square.links(r"^/health/articles/[\w-]+/$")
    themes = square.links(r"^/health/themes/[\w-]+/$")
    if themes:
        articles += visit(client, rng.choice(themes), name).links(r"^/health/articles/[\w-]+/$")
    if articles:
        visit(client, rng.choice(articles), name)


def supporter_queue(client, account: str, rng: random.Random) -> None:
    """The queue, and one request in it opened (which writes the access log, as it must)."""
    name = "supporter: queue"
    queue = visit(client, "/support/queue/", name)
    talks = queue.links(r"^/support/talks/\d+/$")
    if talks:
        visit(client, rng.choice(talks), name)


def manager_overview(client, account: str, rng: random.Random) -> None:
    visit(client, "/overview/", "manager: overview")


def manager_dashboards(client, account: str, rng: random.Random) -> None:
    """The monitor's results for the manager's units: the campaigns, a closed campaign's results, then a unit."""
    name = "manager: dashboards"
    campaigns = visit(client, "/monitor/campaigns/", name)
    results = campaigns.links(r"^/monitor/c/\d+/results/$")
    if not results:
        return  # no results for this manager's units yet: the list is the journey
    page = visit(client, rng.choice(results), name)
    units = page.links(r"^/monitor/c/\d+/results/[^/]+/$")
    if units:
        visit(client, rng.choice(units), name)


@dataclass(frozen=True)
class Journey:
    name: str
    weight: int
    run: object  # (client, account, rng) -> None


# Weighted as a day of real traffic: most visits are employees reading and booking; a supporter
# looks at the queue now and then; managers open their figures rarely. A person logs in once at
# the start of a visit (on_start) and stays some minutes: logging out and in again is one journey
# in 76, about every six minutes per person (at weight 1 in 16, each simulated person logged in
# every 40 seconds, and the deliberately slow password hash took most of the server's CPU).
ROLES = {
    # role: (Locust user weight, account role in seed_load, journeys with their weights)
    "employee": (
        20,
        "employee",
        [
            Journey("employee: log in", 1, employee_login),
            Journey("employee: browse slots", 25, employee_browse_slots),
            Journey("employee: book and cancel", 10, employee_book_and_cancel),
            Journey("employee: self-test", 10, employee_selftest),
            Journey("employee: monitor", 10, employee_monitor),
            Journey("employee: health square", 20, employee_health),
        ],
    ),
    "supporter": (3, "supporter", [Journey("supporter: queue", 1, supporter_queue)]),
    "manager": (
        2,
        "manager",
        [Journey("manager: overview", 2, manager_overview), Journey("manager: dashboards", 1, manager_dashboards)],
    ),
}
JOURNEY_NAMES = [j.name for _w, _r, journeys in ROLES.values() for j in journeys] + [JOURNEY_LOGIN]


def account_for(role: str, number: int) -> str:
    return account_email(role, number)
