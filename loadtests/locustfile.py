"""The portal's load test: employees, supporters and managers through the real pages and forms,
and `/healthz` on the same server in the same run as the ceiling.

Run it with `loadtests/run.sh` (docs/performance.md, "Load test"), which makes the database,
starts gunicorn and reads the figures. The journeys themselves are in `loadtests/journeys.py`.

Each simulated person logs in once with their own account (a privileged one with the TOTP code
too) and then repeats their journeys, weighted, with a short pause between them as a person
reads. Each request is counted under its journey's name, so Locust's statistics are per journey.

The run has three phases (`Phases`): `/healthz` alone (the ceiling), the people with their
pauses (the journeys' times), then the same people without pauses (the pages' capacity: how
many pages a second the server gives when it is never idle, counted under "capacity: <journey>").

The load test plays the TLS proxy in front of the portal, as production has one: it sends
`X-Forwarded-Proto: https` and `X-Forwarded-For` with an address of its own per person
(127.x.y.z, never routed anywhere), and the server runs with `TRUSTED_PROXY_COUNT=1`. So the
per-address login throttle and rate limits count per person, as they would for real staff, and
stay at their defaults.
"""

import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, LoadTestShape, between, constant, events, task
from locust.stats import StatsEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadtests import journeys  # noqa: E402
from loadtests.journeys import Page  # noqa: E402

_numbers = {role: itertools.count() for role in journeys.ROLES}
_addresses = itertools.count(1)
ACCOUNTS = {"employee": 200, "supporter": 10, "manager": 5}  # as loadtests/seed_load.py makes them


def _keep_secure_cookies(session) -> None:
    """Send the portal's Secure cookies back although this hop is plain HTTP: the proxy we play
    would have received them over HTTPS. (The session's jar is the standard library's, which
    keeps a Secure cookie from a plain-HTTP request.)"""
    for cookie in session.cookiejar:
        cookie.secure = False


CAPACITY_PREFIX = "capacity: "


class _Phase:
    """Set by `Phases.tick` (the same process as the users: Locust runs as one process here,
    never with --processes or workers, where the flag would not reach the users): whether the
    people read between journeys or ask for the next page at once."""

    at_capacity = False


class _LocustClient:
    """The journeys' client on Locust's HTTP session: one request each, no redirect followed."""

    def __init__(self, user):
        self.session = user.client
        self.headers = user.proxy_headers

    @staticmethod
    def _name(name):
        return CAPACITY_PREFIX + name if _Phase.at_capacity else name

    def _page(self, response, path):
        _keep_secure_cookies(self.session)
        return Page(
            status=response.status_code,
            path=path,
            text=response.text if "html" in response.headers.get("Content-Type", "") else "",
            location=journeys.location_path(response.headers.get("Location", "")),
        )

    def get(self, path, name):
        response = self.session.get(path, name=self._name(name), headers=self.headers, allow_redirects=False)
        return self._page(response, path)

    def post(self, path, data, name):
        headers = {**self.headers, "Origin": self.session.base_url.replace("http://", "https://", 1)}
        response = self.session.post(path, data=data, name=self._name(name), headers=headers, allow_redirects=False)
        return self._page(response, path)


class _PortalUser(FastHttpUser):
    abstract = True
    role = ""
    reading = between(1, 3)  # a person reads a page before the next journey

    def wait_time(self):
        return 0 if _Phase.at_capacity else self.reading()

    def on_start(self):
        number = next(_numbers[self.role]) % ACCOUNTS[self.role]
        address = next(_addresses)
        self.account = journeys.account_for(self.role, number)
        self.proxy_headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"127.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}",
        }
        self.rng = random.Random(address)
        self.portal = _LocustClient(self)
        self._run(journeys.log_in, self.account, name=f"{self.role}: log in")

    def _run(self, func, *args, **kwargs):
        try:
            func(self.portal, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 (a JourneyError, or a bug: both must show in the figures)
            # Counted as a failure of the journey, under its name, with what went wrong.
            name = kwargs.get("name") or getattr(func, "journey_name", func.__name__)
            self.environment.events.request.fire(
                request_type="JOURNEY",
                name=name,
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )


def _journey_task(journey):
    def run(user):
        user._run(journey.run, user.account, user.rng)

    run.journey_name = journey.name
    run.__name__ = journey.name
    journey.run.journey_name = journey.name
    return run


def _user_class(role):
    weight, account_role, role_journeys = journeys.ROLES[role]
    attrs = {
        "role": account_role,
        "weight": weight,
        # A dict: Locust takes the weights from it. (In a list, it ignores @task(weight) and gives
        # every journey the same share: logging in again was a sixth of all journeys.)
        "tasks": {_journey_task(j): j.weight for j in role_journeys},
        "__module__": __name__,
    }
    return type(f"{role.capitalize()}User", (_PortalUser,), attrs)


EmployeeUser = _user_class("employee")
SupporterUser = _user_class("supporter")
ManagerUser = _user_class("manager")


class HealthzUser(FastHttpUser):
    """The ceiling: the cheapest answer the same gunicorn gives (no session, no database), asked
    without pause by `HEALTHZ_USERS` users in the run's first phase, so its throughput is what the
    server, Locust and the machine can do at all."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz", headers={"X-Forwarded-Proto": "https"}, allow_redirects=False)


HEALTHZ_USERS = 10


def _seconds(value: str) -> int:
    """Locust's run-time notation, as loadtests/run.sh passes it: 90, 90s, 2m, 1h."""
    units = {"s": 1, "m": 60, "h": 3600}
    return int(value[:-1]) * units[value[-1]] if value[-1] in units else int(value)


class Phases(LoadTestShape):
    """One run, three phases on the same server: the ceiling (`/healthz` alone,
    LOADTEST_CEILING_TIME), a pause for the last of those requests, the people (LOADTEST_USERS at
    LOADTEST_SPAWN_RATE a second, reading between journeys, for LOADTEST_RUN_TIME), then the same
    people without pauses (LOADTEST_CAPACITY_TIME): the pages' capacity, to set beside the
    ceiling. `loadtests/run.sh` sets the variables."""

    def __init__(self):
        super().__init__()
        self.ceiling = _seconds(os.environ.get("LOADTEST_CEILING_TIME", "20s"))
        self.run_seconds = _seconds(os.environ.get("LOADTEST_RUN_TIME", "2m"))
        self.capacity = _seconds(os.environ.get("LOADTEST_CAPACITY_TIME", "20s"))
        self.users = int(os.environ.get("LOADTEST_USERS", "50"))
        self.spawn_rate = float(os.environ.get("LOADTEST_SPAWN_RATE", "10"))

    def tick(self):
        elapsed = self.get_run_time()
        people = self.ceiling + 3
        if elapsed < self.ceiling:
            return HEALTHZ_USERS, HEALTHZ_USERS, [HealthzUser]
        if elapsed < people:
            return 0, 100, [HealthzUser]
        if elapsed < people + self.run_seconds + self.capacity:
            _Phase.at_capacity = elapsed >= people + self.run_seconds
            return self.users, self.spawn_rate, [EmployeeUser, SupporterUser, ManagerUser]
        return None


def _rate(entry: StatsEntry) -> float:
    """Requests a second over the seconds this journey was asked for (its phase), not the whole run."""
    seconds = entry.num_reqs_per_sec
    if not seconds:
        return 0.0
    return entry.num_requests / (max(seconds) - min(seconds) + 1)


@events.test_stop.add_listener
def _summary(environment, **_kwargs):
    """Per journey, GETs and POSTs together: requests, failures, requests/s, median and 95th
    percentile (ms). Written to LOADTEST_SUMMARY as JSON for loadtests/report.py."""
    path = os.environ.get("LOADTEST_SUMMARY")
    if not path:
        return
    stats = environment.stats
    combined: dict[str, StatsEntry] = {}
    failures: dict[str, int] = {}
    for (name, method), entry in stats.entries.items():
        if method == "JOURNEY":  # a journey that stopped on a page a person would not have seen
            failures[name] = failures.get(name, 0) + entry.num_failures
            continue
        combined.setdefault(name, StatsEntry(stats, name, "ALL", use_response_times_cache=False)).extend(entry)
    rows = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures + failures.pop(name, 0),
            "rps": _rate(entry),
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
        for name, entry in sorted(combined.items())
    }
    for name, count in failures.items():
        rows[name] = {"requests": 0, "failures": count, "rps": 0.0, "p50": 0, "p95": 0}
    # The capacity: every request of the last phase over that phase's seconds (a sum of the
    # journeys' own rates would count a rare journey over the few seconds it ran).
    capacity = StatsEntry(stats, "capacity", "ALL", use_response_times_cache=False)
    for name, entry in combined.items():
        if name.startswith(CAPACITY_PREFIX):
            capacity.extend(entry)
    errors = [
        {"name": e.name, "method": e.method, "error": str(e.error), "count": e.occurrences}
        for e in stats.errors.values()
    ]
    with open(path, "w") as handle:
        json.dump({"journeys": rows, "capacity_rps": _rate(capacity), "errors": errors}, handle, indent=1)
