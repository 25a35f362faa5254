"""Whatever anyone sends to any form of the portal, the answer is never a server error.

Every URL pattern is taken from the URL resolver, so a new page is covered without
touching this file; a new pattern with URL parameters fails `test_every_url_parameter_
has_a_real_object` until `URL_KWARGS` names a real object for it. For each role, every
page is fetched once and its forms are read (field names and the values the page offers,
per form action, so forms that post elsewhere count for their target), together with the
query parameters of its links. Then, per target and role, hypothesis sends:

- explicit examples: the form filled in plausibly (the page's own choices, a date next
  week, "Test"), once per button, and once per field with that one field at an edge
  (9999-12-31, 0001-01-01, a number or key beyond 64 bits, a text over every limit), so
  that the odd value passes the rest of the form and reaches the code behind it;
- generated examples: any mix of the page's values, empty ones, huge strings, unicode and
  control characters, odd dates, negative and huge numbers, lists, and missing fields.

Every example runs in a savepoint that is rolled back, with the client's cookies and the
cache restored, so that examples do not change each other's world and a run is
repeatable. Deterministic (derandomize, explicit examples) and bounded (a few generated
examples per target, one where the role may not even see the page), so that CI is neither
flaky nor slow.
"""

import copy
import datetime as dt
import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from accounts.testing import PortalClient

from .portal_world import world_build

# Not the portal's own forms: Django's admin (its own test suite covers its forms; the
# portal's admin classes are tested with the admin), and single sign-on, which would call
# the identity provider over the network.
EXCLUDED_PREFIXES = ("admin/", "accounts/oidc/", "accounts/social/", "accounts/3rdparty/")
# Not a form, and its 503 is the answer it owes a load balancer when the broker is down.
EXCLUDED_NAMES = ("healthz",)

ROLES = [
    "anonymous",
    "employee",
    "peer supporter",
    "coordinator",
    "psychologist",
    "manager",
    "wellbeing officer",
    "counsellor",
    "admin",
    "trainer",
    "data protection",
]

# Generated examples per target: where the role may see the page, and where it may not.
EXAMPLES = 3
EXAMPLES_DENIED = 1


def portal_routes():
    """(name, route, has parameters) for every named URL pattern of the portal."""

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                route = prefix + str(pattern.pattern)
                yield name, route, bool(pattern.pattern.regex.groupindex)

    seen = set()
    for name, route, has_parameters in walk(get_resolver()):
        if route.startswith(EXCLUDED_PREFIXES) or name in EXCLUDED_NAMES or name in seen:
            continue
        seen.add(name)
        yield name, route, has_parameters


def _steps(w):
    return [{"campaign_id": w.open_campaign.pk, "step": step} for step in (1, w.answer_steps)]


def _campaigns(w):
    return [{"campaign_id": c.pk} for c in (w.draft_campaign, w.open_campaign, w.closed_campaign)]


# URL name -> the keyword arguments (and "?": a query string) of real objects of the world.
URL_KWARGS = {
    "dataprotection:request_detail": lambda w: [{"pk": w.erasure_request.pk}],
    "dataprotection:request_carry_out": lambda w: [{"pk": w.erasure_request.pk}],
    "dataprotection:request_decline": lambda w: [{"pk": w.erasure_request.pk}],
    "checkups:slots": lambda w: [{"slug": "check-up"}, {"slug": "deployment-talk"}],
    "checkups:book": lambda w: [{"slug": "check-up", "slot_id": w.free_slot.pk}],
    "checkups:held": lambda w: [{"slot_id": w.held_slot.pk}],
    "checkups:confirmed": lambda w: [{"pk": w.booking.pk}],
    "checkups:join": lambda w: [{"pk": w.booking.pk}],
    "checkups:follow_up_next": lambda w: [{"pk": w.booking.pk, "type_pk": w.types["preventive-talk"].pk}],
    "checkups:invitation": lambda w: [{"pk": w.booking.pk}],
    "checkups:cancel": lambda w: [{"pk": w.booking.pk}],
    "checkups:reschedule": lambda w: [{"pk": w.booking.pk}],
    "checkups:reschedule_confirm": lambda w: [{"pk": w.booking.pk, "slot_id": w.free_slot.pk}],
    "checkups:waitlist_join": lambda w: [{"slug": "preventive-talk"}],
    "checkups:waitlist_leave": lambda w: [{"pk": w.wait.pk}],
    "checkups:open_manage": lambda w: [{"?": f"t={w.open_token}"}, {}],
    "checkups:open_move": lambda w: [{"?": f"t={w.open_token}"}],
    "checkups:open_move_confirm": lambda w: [{"slot_id": w.free_slot.pk, "?": f"t={w.open_token}"}],
    "checkups:open_slots": lambda w: [{"slug": "open-consultation"}],
    "checkups:open_book": lambda w: [{"slug": "open-consultation", "slot_id": w.free_slot.pk}],
    "checkups:window_delete": lambda w: [{"pk": w.window.pk}],
    "checkups:agenda_booking": lambda w: [{"pk": w.booking.pk}],
    "checkups:agenda_mark": lambda w: [{"pk": w.booking.pk}],
    "checkups:agenda_note": lambda w: [{"pk": w.booking.pk}],
    "checkups:agenda_cancel": lambda w: [{"pk": w.booking.pk}],
    "checkups:agenda_follow_up": lambda w: [{"pk": w.booking.pk}],
    "checkups:type_edit": lambda w: [{"pk": w.types["check-up"].pk}],
    "surveys:take": lambda w: [{"key": "who5"}, {"key": "pcl5"}],
    "surveys:download": lambda w: [{"key": "who5"}],
    "monitor:intro": _campaigns,
    "monitor:answer": _steps,
    "monitor:thanks": lambda w: [{"campaign_id": w.open_campaign.pk}],
    "monitor:my_unit": lambda w: [{"campaign_id": w.closed_campaign.pk}],
    "monitor:campaign": _campaigns,
    "monitor:campaign_edit": _campaigns,
    "monitor:campaign_launch": _campaigns,
    "monitor:campaign_close": _campaigns,
    "monitor:results": lambda w: [{"campaign_id": w.closed_campaign.pk}],
    "monitor:results_csv": lambda w: [{"campaign_id": w.closed_campaign.pk}],
    "monitor:results_unit": lambda w: [{"campaign_id": w.closed_campaign.pk, "unit_key": w.org["team_a"].pk}],
    "monitor:measure_create": lambda w: [{"campaign_id": w.closed_campaign.pk, "unit_id": w.org["team_a"].pk}],
    "monitor:measure_edit": lambda w: [{"pk": w.measure.pk}],
    "handover_done": lambda w: [{"pk": w.handover_duty.pk}],
    "handover_booking": lambda w: [{"pk": w.handover_booking.pk}],
    "peer_support:request_detail": lambda w: [{"pk": w.request.pk}, {"pk": w.support_person_request.pk}],
    "peer_support:request_claim": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_contact": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_note": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_follow_up": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_refer": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_book": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_close": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_withdraw": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_assign": lambda w: [{"pk": w.request.pk}],
    "peer_support:request_support_person": lambda w: [{"pk": w.support_person_request.pk}],
    "peer_support:request_hand_back": lambda w: [{"pk": w.request.pk}],
    "peer_support:rota_pattern_edit": lambda w: [{"pk": w.duty_pattern.pk}],
    "peer_support:rota_pattern_delete": lambda w: [{"pk": w.duty_pattern.pk}],
    "peer_support:rota_extra_delete": lambda w: [{"pk": w.duty_extra.pk}],
    "peer_support:rota_absence_delete": lambda w: [{"pk": w.duty_absence.pk}],
    "peer_support:rota_swap_accept": lambda w: [{"pk": w.duty_swap.pk}],
    "peer_support:rota_swap_decline": lambda w: [{"pk": w.duty_swap.pk}],
    "peer_support:rota_swap_propose": lambda w: [{"pk": w.duty_pattern.pk}],
    "peer_support:incident_detail": lambda w: [{"pk": w.incident.pk}],
    "peer_support:incident_meeting": lambda w: [{"pk": w.incident.pk}],
    "peer_support:meeting_detail": lambda w: [{"pk": w.meeting.pk}],
    "peer_support:meeting_move": lambda w: [{"pk": w.meeting.pk}],
    "peer_support:meeting_cancel": lambda w: [{"pk": w.meeting.pk}],
    "peer_support:meeting_held": lambda w: [{"pk": w.meeting.pk}],
    "peer_support:plan_detail": lambda w: [{"pk": w.plan.pk}],
    "peer_support:plan_decline": lambda w: [{"pk": w.plan.pk}],
    "peer_support:plan_assign": lambda w: [{"pk": w.plan.pk}],
    "peer_support:plan_refer": lambda w: [{"pk": w.plan.pk}],
    "peer_support:plan_book": lambda w: [{"pk": w.plan.pk}],
    "peer_support:step_claim": lambda w: [{"pk": w.outreach_step.pk}],
    "peer_support:step_done": lambda w: [{"pk": w.outreach_step.pk}],
    "peer_support:step_share": lambda w: [{"pk": w.screening_step.pk}],
    "peer_support:step_check": lambda w: [{"pk": w.screening_step.pk}],
    "peer_support:log_edit": lambda w: [{"pk": w.log_entry.pk}],
    "peer_support:log_delete": lambda w: [{"pk": w.log_entry.pk}],
    "peer_support:log_restore": lambda w: [{"pk": w.log_entry.pk}],
    "peer_support:help_route_create": lambda w: [
        {"route": route} for route in ("confidential_report", "job_rotation", "support_person")
    ],
    "peer_support:protocol_timings": lambda w: [{"pk": w.protocol.pk}],
    "peer_support:reflection_detail": lambda w: [{"pk": w.series.pk}],
    "peer_support:reflection_cancel": lambda w: [{"pk": w.series.pk}],
    "trainings:course": lambda w: [{"slug": w.training_course.slug}],
    "trainings:enrol": lambda w: [{"session_id": w.training_session.pk}],
    "trainings:cancel": lambda w: [{"pk": w.training_place.pk}],
    "trainings:accept": lambda w: [{"pk": w.training_place.pk}],
    "trainings:invitation": lambda w: [{"pk": w.training_place.pk}],
    "trainings:participants": lambda w: [{"pk": w.training_session.pk}, {"pk": w.training_past.pk}],
    "trainings:attendance": lambda w: [{"pk": w.training_past.pk}],
    "trainings:course_edit": lambda w: [{"pk": w.training_course.pk}],
    "trainings:session_new": lambda w: [{"course_id": w.training_course.pk}],
    "trainings:requirement_add": lambda w: [{"course_id": w.training_course.pk}],
    "trainings:session_edit": lambda w: [{"pk": w.training_session.pk}],
    "trainings:session_cancel": lambda w: [{"pk": w.training_session.pk}],
    "trainings:requirement_delete": lambda w: [{"pk": w.training_requirement.pk}],
    "trainings:status_course": lambda w: [{"pk": w.training_course.pk}],
    "experts:question": lambda w: [{"pk": w.question.pk}, {"pk": w.answered_question.pk}],
    "experts:withdraw": lambda w: [{"pk": w.question.pk}],
    "experts:consent": lambda w: [{"pk": w.answered_question.pk}],
    "experts:team_question": lambda w: [{"pk": w.question.pk}, {"pk": w.answered_question.pk}],
    "experts:claim": lambda w: [{"pk": w.question.pk}],
    "experts:release": lambda w: [{"pk": w.question.pk}],
    "experts:article": lambda w: [{"pk": w.answered_question.pk}],
    # allauth: links from e-mails, with keys that do not exist (the real ones are secret).
    "account_confirm_email": lambda w: [{"key": "not-a-key"}],
    "account_reset_password_from_key": lambda w: [{"uidb36": "1", "key": "not-a-key"}],
    "mfa_remove_webauthn": lambda w: [{"pk": 1}],
    "mfa_edit_webauthn": lambda w: [{"pk": 1}],
    "health:theme": lambda w: [{"slug": w.health_theme.slug}],
    "health:article": lambda w: [{"slug": w.health_article.slug}, {"slug": w.health_draft.slug}],
    "health:image": lambda w: [{"pk": w.health_article.pk}],
    "health:module": lambda w: [{"slug": w.health_module.slug}],
    "health:lesson": lambda w: [{"slug": w.health_module.slug, "number": 1}],
    "health:lesson_done": lambda w: [{"slug": w.health_module.slug, "number": 1}],
    "health:check": lambda w: [{"slug": w.health_module.slug}],
    "health:editor_edit": lambda w: [{"pk": w.health_article.pk}, {"pk": w.health_draft.pk}],
    "health:editor_preview": lambda w: [{"pk": w.health_draft.pk}],
    "health:editor_publish": lambda w: [{"pk": w.health_draft.pk}],
    "health:editor_unpublish": lambda w: [{"pk": w.health_article.pk}],
    "health:editor_history": lambda w: [{"pk": w.health_draft.pk}],
    "health:editor_restore": lambda w: [{"pk": w.health_draft.pk, "revision_id": w.health_revision.history_id}],
}


def test_every_url_parameter_has_a_real_object():
    """A new page with URL parameters must say here which object of the world it shows."""
    missing = [name for name, _route, has_parameters in portal_routes() if has_parameters and name not in URL_KWARGS]
    assert missing == []
    unknown = set(URL_KWARGS) - {name for name, *_ in portal_routes()}
    assert unknown == set()


def paths_of(world) -> list[str]:
    paths = []
    for name, _route, has_parameters in portal_routes():
        variants = URL_KWARGS[name](world) if has_parameters or name in URL_KWARGS else [{}]
        for kwargs in variants:
            kwargs = dict(kwargs)
            query = kwargs.pop("?", "")
            path = reverse(name, kwargs=kwargs)
            paths.append(f"{path}?{query}" if query else path)
    return paths


# --- Reading forms and links from pages -----------------------------------------------------


class Field:
    """What a page says about one field: its kind (an input type, "select", "textarea",
    "button") and the values it offers (options, prefilled values)."""

    def __init__(self, kind="text"):
        self.kind = kind
        self.values = set()

    def merge(self, other: "Field") -> None:
        if self.kind == "text":
            self.kind = other.kind
        self.values |= other.values


class FormReader(HTMLParser):
    """The forms of a page (method, action, fields) and the links that carry a query."""

    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms = []
        self.links = []
        self._form = None
        self._select = None
        self._textarea = None

    def _field(self, name, kind) -> Field:
        return self._form["fields"].setdefault(name, Field(kind))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_path
            if action.startswith("?"):
                action = urlsplit(self.page_path).path + action
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": action, "fields": {}}
            self.forms.append(self._form)
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "option" and self._select is not None:
            self._select.values.add(attrs.get("value", ""))
        elif self._form is None or not attrs.get("name"):
            return
        elif tag in ("input", "button"):
            kind = "button" if tag == "button" or attrs.get("type") == "submit" else attrs.get("type") or "text"
            if kind != "file":
                default = "on" if kind in ("checkbox", "radio") else ""
                self._field(attrs["name"], kind).values.add(attrs.get("value", default))
        elif tag == "select":
            self._select = self._field(attrs["name"], "select")
        elif tag == "textarea":
            self._textarea = self._field(attrs["name"], "textarea")

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea.values.add(data.strip())

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def targets_of(client, paths, failures: list, denied: set) -> dict:
    """(method, path) -> {field name: Field}, from every page's forms and links.
    Paths this client may not see (403, 404, off to the login page) are added to `denied`."""
    targets = {("post", path): {} for path in paths}
    for path in paths:
        try:
            response = isolated(client, "get", path, {})
        except Exception as exc:  # noqa: BLE001 - listed with the other failures
            failures.append(f"GET {path} raised {exception_summary(exc)}")
            continue
        if response.status_code >= 500:
            failures.append(f"GET {path} answered {response.status_code}")
            continue
        if response.status_code in (403, 404) or "/accounts/login/" in response.get("Location", ""):
            denied.add(path)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        reader = FormReader(path)
        reader.feed(response.content.decode())
        for form in reader.forms:
            action = urlsplit(form["action"])
            if action.netloc:
                continue
            target_path = action.path + (f"?{action.query}" if action.query else "")
            fields = targets.setdefault((form["method"], target_path), {})
            for name, field in form["fields"].items():
                fields.setdefault(name, Field(field.kind)).merge(field)
        for href in reader.links:
            link = urlsplit(href)
            if link.netloc or not link.query:
                continue
            fields = targets.setdefault(("get", link.path or urlsplit(path).path), {})
            for name, value in parse_qsl(link.query, keep_blank_values=True):
                field = fields.setdefault(name, Field("date" if is_date(value) else "text"))
                field.values.add(value)
    return targets


def is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


# --- What is sent ---------------------------------------------------------------------------

ABSENT = object()
ODD_VALUES = [
    "",
    " ",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-02-30",
    "23:59",
    "24:00",
    "-1",
    "0",
    "99999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "\x00",
    "\x1b[31m",
    "a\r\nb",
    "\u202eevil",
    "ṭėšț 😀",
    "%(x)s %s {0}",
    "{{ 7|add:1 }}",
    "<script>x</script>",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "profile",
]
HUGE = "é" * 6000  # over every limit of the portal (the longest is 5,000)
# The values at the edges of each kind of field, each sent with every other field plausible,
# so that it passes the rest of the form and reaches the code behind it.
EDGES = {
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "time": ["24:00"],
    "number": ["99999999999999999999", "-99999999999999999999"],
    "select": ["99999999999999999999", HUGE],
    "checkbox": ["99999999999999999999"],
    "radio": ["99999999999999999999"],
    "hidden": ["99999999999999999999", HUGE],
}
MOST_EDGE_EXAMPLES = 16
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
huge = st.builds(lambda piece, n: piece * n, st.sampled_from(["x", "é", "😀", "\x07"]), st.sampled_from([5001, 12_000]))
numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str)


def plausible(field: Field, email: str) -> str | None:
    """A value the form would accept, as a person filling it in would give: the page's own
    choice where it offers one, or a sensible value for the kind of field."""
    offered = sorted(v for v in field.values if v)
    if field.kind == "button":
        return None
    if offered and field.kind not in ("date", "datetime-local"):
        return offered[0]
    now = dt.datetime.now() + dt.timedelta(days=2)
    return {
        "date": (now + dt.timedelta(days=7)).date().isoformat(),
        "datetime-local": now.strftime("%Y-%m-%dT%H:%M"),
        "time": "10:00",
        "number": "5",
        "email": email,
        "url": "https://video.example.org/room",
        "password": "a-good-test-password",
    }.get(field.kind, "Test")


def baseline_of(fields: dict, email: str) -> dict:
    return {name: value for name, field in fields.items() if (value := plausible(field, email)) is not None}


def edge_examples(fields: dict, email: str) -> list[dict]:
    """The plausible form; with each of its buttons; with one field at a time at an edge."""
    baseline = baseline_of(fields, email)
    examples = [baseline]
    for name, field in sorted(fields.items()):
        if field.kind == "button":
            examples += [{**baseline, name: value} for value in sorted(field.values)]
    # PostgreSQL refuses a NUL character in a string: every field at once, for code that
    # reads the request without a form.
    examples.append({name: "a\x00b" for name in baseline})
    # Dates first (they overflowed), then numbers and choices, then texts.
    order = {"date": 0, "datetime-local": 0, "number": 1, "select": 2, "checkbox": 2, "radio": 2}
    for name, field in sorted(fields.items(), key=lambda item: (order.get(item[1].kind, 3), item[0])):
        for edge in EDGES.get(field.kind, [HUGE]):
            examples.append({**baseline, name: edge})
    return examples[:MOST_EDGE_EXAMPLES]


def values_for(field: Field, ids: list[str]):
    plain = st.one_of(st.sampled_from(ODD_VALUES), texts, numbers, huge, st.sampled_from(ids))
    one = st.one_of(st.sampled_from(sorted(field.values)), plain) if field.values else plain
    return st.one_of(one, st.just(ABSENT), st.lists(one, min_size=2, max_size=3))


def data_for(fields: dict, ids: list[str]):
    return st.fixed_dictionaries({name: values_for(field, ids) for name, field in sorted(fields.items())}).map(
        lambda data: {name: value for name, value in data.items() if value is not ABSENT}
    )


# --- The test -------------------------------------------------------------------------------


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )


def send(client, method, path, data):
    if method == "post":
        return client.post(path, data)
    if not data:
        return client.get(path)
    return client.get(urlsplit(path).path, data)


def exception_summary(exc) -> str:
    """The exception and the last lines of the portal's own code it passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/.venv/" not in f.filename]
    where = "".join(traceback.format_list(frames[-3:]))
    return f"{''.join(traceback.format_exception_only(exc)).strip()[:300]}\n{where}"


def isolated(client, method, path, data):
    """One request whose effects are undone: database, cookies and cache."""
    cookies = copy.deepcopy(client.cookies)
    # Marked as Django's TestCase marks its own wrapping transaction: code that must not run
    # inside a transaction (the anonymous self-test statistics) tells the two apart.
    savepoint = transaction.atomic()
    savepoint._from_testcase = True
    try:
        with savepoint:
            response = send(client, method, path, data)
            transaction.set_rollback(True)
        return response
    finally:
        client.cookies = cookies
        cache.clear()


def describe(data):
    return {k: (v if len(repr(v)) < 80 else f"{repr(v)[:60]}... ({len(repr(v))} chars)") for k, v in data.items()}


def fuzz(client, role, method, path, fields, ids, *, examples, explicit=()) -> str | None:
    """Send the explicit examples, then generated values, to one target; the first server
    error found, described, or None."""

    def where(data):
        return f"{role} {method.upper()} {path} {describe(data)}"

    def never_a_server_error(data):
        try:
            response = isolated(client, method, path, data)
        except Exception as exc:  # the test client re-raises what the view raised
            raise AssertionError(f"{where(data)} raised {exception_summary(exc)}") from exc
        assert response.status_code < 500, f"{where(data)} answered {response.status_code}"

    test = given(data=data_for(fields, ids))(never_a_server_error)
    for data in explicit:
        test = example(data=data)(test)
    test = settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        print_blob=False,
        report_multiple_bugs=False,
    )(test)
    try:
        test()
    except Exception as failure:  # noqa: BLE001 - reported with every other target's
        return str(failure).split("\nFalsifying example")[0]
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_a_server_error(world, role):
    client = PortalClient()
    if world.people[role] is not None:
        client.force_login(world.people[role])
        client.reauthenticate()  # so that the forms behind a password check are tried too
    failures, denied = [], set()
    targets = targets_of(client, paths_of(world), failures, denied)
    ids = sorted({str(obj.pk) for obj in world.objects.values() if hasattr(obj, "pk")} | {"1", "2"})
    email = world.alice.email  # an active account, for the fields that name one
    for (method, path), fields in sorted(targets.items()):
        # Where the role may not even look, the answer is the same whatever is sent: fewer examples.
        if path in denied:
            failure = fuzz(client, role, method, path, fields, ids, examples=EXAMPLES_DENIED)
        else:
            explicit = edge_examples(fields, email) if fields else [{}]
            failure = fuzz(client, role, method, path, fields, ids, examples=EXAMPLES, explicit=explicit)
        if failure:
            failures.append(failure)
    assert failures == [], "\n\n".join(failures)


def test_the_world_has_one_of_each(world):
    """The targets are worth fuzzing only if the world really holds what they show."""
    assert world.booking.employee == world.alice and world.plan.person == world.alice
    assert world.closed_campaign.is_closed and world.open_campaign.is_open
    assert world.screening_step is not None and world.outreach_step is not None
    assert world.deployment.starts_on > dt.date.today()
