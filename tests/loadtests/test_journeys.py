"""The load test's journeys stay true to the portal: each one, run once through Django's test
client (CSRF checks on), reaches real pages and forms and does what it says.

The locustfile runs the same functions (`loadtests/journeys.py`); Locust itself (gevent) is
only imported in a subprocess, never in the test process."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve

from checkups.models import Booking
from loadtests import journeys
from loadtests.journeys import Page
from loadtests.seed_load import account_email, seed
from surveys.monitor.models import Campaign, Submission

ROOT = Path(__file__).resolve().parents[2]


class DjangoClient:
    """The journeys' client on Django's test client: one request each, every one recorded."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.requests: list[tuple[str, str, str, int]] = []  # (journey, method, path, status)

    def _page(self, method, path, name, response):
        self.requests.append((name, method, path, response.status_code))
        text = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        return Page(response.status_code, path, text, journeys.location_path(response.get("Location", "")))

    def get(self, path, name):
        return self._page("GET", path, name, self.client.get(path))

    def post(self, path, data, name):
        return self._page("POST", path, name, self.client.post(path, data))


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setenv("LOADTEST_SEED", "1")  # this test's own database
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed(employees=2, psychologists=1, supporters=1, managers=1, stdout=open("/dev/null", "w"))  # noqa: SIM115


def run_role(role: str) -> DjangoClient:
    client = DjangoClient()
    journeys.log_in(client, account_email(role, 0))
    for journey in journeys.ROLES[role][2]:
        journey.run(client, account_email(role, 0), random.Random(1))
    return client


def assert_real_pages(client: DjangoClient, role: str):
    names = {name for name, *_ in client.requests}
    assert {j.name for j in journeys.ROLES[role][2]} <= names, "a journey made no request"
    for name, method, path, status in client.requests:
        assert status < 400, (name, method, path, status)
        resolve(path.split("?")[0])


def test_an_employee_logs_in_browses_books_cancels_tests_answers_and_reads(world):
    client = run_role("employee")
    assert_real_pages(client, "employee")
    employee = account_email("employee", 0)
    # Booked on the real form, then cancelled on the real form.
    booking = Booking.objects.get(employee__email=employee)
    assert booking.status == Booking.Status.CANCELLED
    # The monitor answered to the end, anonymously: only the participation says so.
    campaign = Campaign.objects.get(name="Load test pulse")
    assert Submission.objects.filter(campaign=campaign, user__email=employee).exists()
    posted = {name for name, method, *_ in client.requests if method == "POST"}
    assert {"employee: log in", "employee: book and cancel", "employee: self-test", "employee: monitor"} <= posted


def test_a_supporter_logs_in_with_the_authenticator_code_and_works_the_queue(world):
    client = run_role("supporter")
    assert_real_pages(client, "supporter")
    assert any(path.startswith("/accounts/2fa/authenticate/") for _n, _m, path, _s in client.requests)
    assert ("supporter: queue", "GET", "/support/queue/", 200) in client.requests


def test_a_manager_logs_in_and_opens_the_overview_and_the_dashboards(world):
    client = run_role("manager")
    assert_real_pages(client, "manager")
    dashboards = [path for name, _m, path, _s in client.requests if name == "manager: dashboards"]
    assert any("/results/" in path for path in dashboards)


def test_a_page_that_is_not_what_a_person_sees_stops_the_journey(world):
    client = DjangoClient()  # not logged in: the first page sends to the login page
    with pytest.raises(journeys.JourneyError, match="login page"):
        journeys.employee_browse_slots(client, account_email("employee", 0), random.Random(1))


def test_the_authenticator_code_is_the_one_allauth_accepts():
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    for at in (0, 1_700_000_000, 1_764_540_000, 4_102_444_800):
        assert journeys.totp_code(at=at) == format_hotp_value(hotp_value(journeys.LOAD_TOTP_SECRET, at // 30))


def test_the_locustfile_loads_with_a_user_class_per_role_and_the_ceiling():
    script = (
        "import loadtests.locustfile as f; "
        "print(sorted((c.__name__, c.weight if c.fixed_count == 0 else 'fixed', sorted(t.__name__ for t in c.tasks)) "
        "for c in (f.EmployeeUser, f.SupporterUser, f.ManagerUser, f.HealthzUser)))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for name in [j.name for _w, _r, role in journeys.ROLES.values() for j in role] + ["healthz", "HealthzUser"]:
        assert name in result.stdout


def test_the_seeder_refuses_a_database_nobody_said_was_a_load_tests(db, monkeypatch):
    monkeypatch.delenv("LOADTEST_SEED", raising=False)
    with pytest.raises(SystemExit, match="refusing"):
        seed(employees=1, psychologists=1, supporters=1, managers=1, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_each_journey_runs_as_often_as_its_weight_says():
    # Locust ignores @task(weight) on functions given in a list: every journey then had the same
    # share, and logging in again was a sixth of all traffic. Its task list holds each journey
    # as many times as its weight.
    script = (
        "import json, collections, loadtests.locustfile as f; "
        "print(json.dumps({c.role: collections.Counter(t.__name__ for t in c.tasks) "
        "for c in (f.EmployeeUser, f.SupporterUser, f.ManagerUser)}))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    for _weight, account_role, role_journeys in journeys.ROLES.values():
        assert counts[account_role] == {journey.name: journey.weight for journey in role_journeys}
