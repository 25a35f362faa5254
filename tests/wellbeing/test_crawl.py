"""The crawler: every demo role, and a visitor, follows every link and sends every form it finds.

It fails on any 5xx and says where (role, method, path) with the traceback. The demo data is
made by `seed_demo`, plus the states a journey passes through: a booked, a moved and a cancelled
appointment, an open and a claimed support request, an incident with a follow-up plan. Time is
fixed (a Monday morning), pages and forms are taken in document order, and each kind of page is
visited a few times only, so every run takes the same path and stays fast.

Forms are sent with the values already in them: the chosen option of each select and radio group
(or the first), the ticked boxes, the first named submit button. Left alone: logging out, turning
off the authenticator, e-mail addresses, and the admin's deletions and bulk actions.
"""

import datetime as dt
import io
import re
import traceback
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.models import User
from accounts.testing import PortalClient
from wellbeing.management.commands.seed_demo import DEMO_USERS

# A Monday morning in Amsterdam: the demo week ahead has free slots, and nothing depends on the
# day the test happens to run.
CRAWL_STARTS = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

MAX_PAGES_PER_ROLE = 160  # requests (pages and forms) per role
MAX_PER_KIND = 3  # distinct URLs per kind of page (URL pattern and method) per role

# Known server errors in parts of the portal that other work is changing: (role, method, path with
# numbers as <n>) -> what goes wrong. Each must still happen (this list is strict): when one is
# fixed, delete its line. The test fails on any server error that is not listed here.
KNOWN_SERVER_ERRORS: dict[tuple[str, str, str], str] = {}

NEVER_FOLLOW = (
    "/accounts/logout/",
    "/admin/logout/",
    "/static/",
    "/favicon.ico",
)
NEVER_POST = (
    "/accounts/2fa/totp/deactivate/",  # would leave a privileged demo user without MFA
    "/accounts/2fa/webauthn/",
    "/accounts/email/",  # adding or removing the address someone logs in with
    "/accounts/password/change/",
    "/language/",  # the crawl stays in each person's own language
)


class PageParser(HTMLParser):
    """The links and forms of a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and not attrs["href"].startswith("#"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "id": attrs.get("id"),
                "fields": [],
                "submit": None,
            }
            self.forms.append(self._form)
        elif tag in ("input", "button", "select", "textarea"):
            form = self._owner(attrs)
            if form is None or "disabled" in attrs:
                return
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            name = attrs.get("name")
            if tag == "select":
                self._select = {"form": form, "name": name, "multiple": "multiple" in attrs, "options": []}
            elif tag == "textarea":
                self._textarea = {"form": form, "name": name, "text": ""}
            elif kind in ("submit", "image"):
                if form["submit"] is None:
                    form["submit"] = (name, attrs.get("value", "")) if name else ("", "")
            elif kind in ("button", "reset", "file") or not name:
                return
            elif kind in ("checkbox", "radio"):
                form["fields"].append((kind, name, attrs.get("value", "on"), "checked" in attrs))
            else:
                form["fields"].append(("value", name, attrs.get("value", ""), True))
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if select["name"]:
                chosen = [value for value, selected in select["options"] if selected]
                if not chosen and select["options"] and not select["multiple"]:
                    chosen = [select["options"][0][0]]
                for value in chosen:
                    select["form"]["fields"].append(("value", select["name"], value, True))
        elif tag == "textarea" and self._textarea is not None:
            area, self._textarea = self._textarea, None
            if area["name"]:
                area["form"]["fields"].append(("value", area["name"], area["text"].lstrip("\n"), True))

    def _owner(self, attrs):
        if attrs.get("form"):
            return next((f for f in self.forms if f["id"] == attrs["form"]), None)
        return self._form


def form_data(form) -> list[tuple[str, str]]:
    data, radios = [], {}
    for kind, name, value, on in form["fields"]:
        if kind == "radio":
            if on or name not in radios:
                radios[name] = value
        elif kind == "checkbox":
            if on:
                data.append((name, value))
        else:
            data.append((name, value))
    data += list(radios.items())
    if form["submit"] and form["submit"][0]:
        data.append(form["submit"])
    return data


def path_kind(path: str) -> str:
    """Paths with their numbers, slugs and keys generalised: one "kind" of page."""
    try:
        return resolve(path).route
    except Resolver404:
        return re.sub(r"\d+", "<n>", path)


def shown(path: str) -> str:
    return re.sub(r"\d+", "<n>", path)


def same_site(url: str) -> str | None:
    """The path (and query) of a link into the portal, or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(NEVER_FOLLOW):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(role: str, client) -> tuple[list[dict], int]:
    """Breadth first from the home page. Returns the server errors found and the request count."""
    errors, requests = [], 0
    queue: deque = deque([("get", "/", None)])
    seen: set = set()
    per_kind: Counter = Counter()
    while queue and requests < MAX_PAGES_PER_ROLE:
        method, url, data = queue.popleft()
        path = url.split("?", 1)[0]
        key = (method, url, tuple(data or ()))
        kind = (method, path_kind(path))
        if key in seen or per_kind[kind] >= MAX_PER_KIND:
            continue
        seen.add(key)
        per_kind[kind] += 1
        requests += 1
        if method == "post":
            response = client.post(url, urlencode(data or []), content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(url)
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            errors.append(
                {
                    "role": role,
                    "method": method.upper(),
                    "path": shown(path),
                    "url": url,
                    "status": response.status_code,
                    "traceback": "".join(traceback.format_exception(*exc_info)) if exc_info else "",
                }
            )
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = same_site(urljoin(url, response["Location"]))
            if target:
                queue.append(("get", target, None))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = PageParser()
        parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        for href in parser.links:
            target = same_site(urljoin(url, href))
            if target:
                queue.append(("get", target, None))
        for form in parser.forms:
            target = same_site(urljoin(url, form["action"] or url))
            if target is None:
                continue
            fields = form_data(form)
            if form["method"] == "get":
                target_path = target.split("?", 1)[0]
                queue.append(("get", target_path + ("?" + urlencode(fields) if fields else ""), None))
            elif not _never_post(target, fields):
                queue.append(("post", target, fields))
    return errors, requests


def _never_post(target: str, fields) -> bool:
    path = target.split("?", 1)[0]
    if path.startswith(NEVER_POST):
        return True
    if path.startswith("/admin/"):
        # The admin's deletions and its changelist's bulk actions ("delete selected").
        return "/delete/" in path or any(name in ("action", "post") for name, _value in fields)
    return False


def make_journeys(now: dt.datetime) -> None:
    """The states a journey passes through, made by the apps' own services."""
    from checkups.models import AppointmentType, Booking, Slot
    from checkups.services import booking_cancel, booking_create, booking_reschedule
    from peer_support.models import IncidentType, SupportRequest
    from peer_support.services.incidents import incident_register
    from peer_support.services.requests import support_request_claim, support_request_create

    employee = User.objects.get(email="employee@demo.example")
    peer = User.objects.get(email="peer@demo.example")
    manager = User.objects.get(email="manager@demo.example")
    check_up = AppointmentType.objects.get(slug="check-up")
    free = list(
        Slot.objects.filter(appointment_types=check_up, starts_at__gt=now + dt.timedelta(days=2))
        .exclude(bookings__status=Booking.Status.BOOKED)
        .order_by("starts_at")[:4]
    )
    number = "+31612345678"  # a time by phone needs a number to call; others ignore it
    booked = booking_create(slot=free[0], employee=employee, appointment_type=check_up, call_number=number, now=now)
    to_move = booking_create(slot=free[1], employee=employee, appointment_type=check_up, call_number=number, now=now)
    booking_reschedule(booking=to_move, new_slot=free[2], now=now)
    to_cancel = booking_create(slot=free[3], employee=employee, appointment_type=check_up, call_number=number, now=now)
    booking_cancel(booking=to_cancel, by=Booking.CancelledBy.EMPLOYEE, now=now)
    assert Booking.objects.filter(pk=booked.pk, status=Booking.Status.BOOKED).exists()

    support_request_create(
        requester=employee,
        topic="incident",
        message="Can someone call me?",
        contact_method=SupportRequest.Contact.PHONE,
        contact_detail="+31612345678",
        now=now,
    )
    colleague = User.objects.get(email="colleague42@demo.example")  # Leeuwarden: the peer's region
    claimed = support_request_create(requester=colleague, now=now)
    support_request_claim(support_request=claimed, supporter=peer, now=now)
    assert SupportRequest.objects.filter(pk=claimed.pk, assigned_to=peer).exists()

    incident_register(
        registered_by=manager,
        incident_type=IncidentType.FORCE,
        occurred_at=now - dt.timedelta(hours=6),
        unit=employee.unit,
        people=[employee, User.objects.get(email="colleague12@demo.example")],
        description="An arrest that turned violent.",
        now=now,
    )


ROLES = [email.split("@")[0] for email, *_ in DEMO_USERS] + ["visitor"]


@pytest.mark.django_db
def test_no_page_or_form_of_the_portal_answers_with_a_server_error(settings):
    settings.DEBUG = False
    with time_machine.travel(CRAWL_STARTS, tick=True):
        call_command("seed_demo", stdout=io.StringIO())
        make_journeys(CRAWL_STARTS)
        found, counts = [], {}
        for role in ROLES:
            client = PortalClient()
            client.raise_request_exception = False
            if role != "visitor":
                client.force_login(User.objects.get(email=f"{role}@demo.example"))
            errors, counts[role] = crawl(role, client)
            found += errors
            cache.clear()  # rate limits and throttles count per role
    print("requests per role:", counts)
    unexpected = [e for e in found if (e["role"], e["method"], e["path"]) not in KNOWN_SERVER_ERRORS]
    still = {(e["role"], e["method"], e["path"]) for e in found}
    fixed = [known for known in KNOWN_SERVER_ERRORS if known not in still]
    summary = "\n".join(f"  {e['status']} {e['role']}: {e['method']} {e['url']} ({_last_line(e)})" for e in unexpected)
    tracebacks = "\n".join(
        {_last_line(e): f"{e['method']} {e['path']}:\n{e['traceback']}" for e in unexpected}.values()
    )
    report = f"{summary}\n\n{tracebacks}"
    assert not unexpected, f"server errors:\n{report}"
    assert not fixed, f"fixed, so delete from KNOWN_SERVER_ERRORS: {fixed}"
    # The crawl really went somewhere for everyone.
    assert all(count >= 10 for count in counts.values()), counts


def _last_line(error) -> str:
    lines = error["traceback"].strip().splitlines()
    return lines[-1][:200] if lines else "no traceback"
