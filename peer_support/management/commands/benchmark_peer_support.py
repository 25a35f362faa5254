"""Measure the peer support hot paths on a throwaway data set and print the figures.

Everything runs inside a transaction that is rolled back, so it can be run against any
database (the embedded SQLite or PostgreSQL) without leaving data behind:

    python manage.py benchmark_peer_support --requests 2000 --people 500

Queries are counted by a wrapper on the connection (not `connection.queries`, which keeps only
the last 9,000), and the bulk paths print queries per person or per row: incident registration
is run for 5 people and for `--people`, so a count that grows with the number of people shows.
"""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import OrganisationUnit
from accounts.roles import Role
from core.benchmarks import measured, rolled_back
from organisations.selectors import organisations_all

from ...models import FollowUpStep, StepKind, SupportRequest
from ...regions import region_of
from ...selectors import my_steps, queue_new_requests, queue_outreach_tasks, region_open_requests
from ...services.alerts import requests_alert, requests_alert_no_contact, steps_alert_unowned
from ...services.incidents import incident_register
from ...services.timers import requests_escalate, screenings_send, steps_flag_overdue, steps_remind, timers_scan


class Command(BaseCommand):
    help = "Time the queue pages' queries, incident registration and the timer scan on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1000)
        parser.add_argument("--people", type=int, default=200, help="people involved in one incident")

    def handle(self, *args, requests, people, **options):
        rolled_back(lambda: self._run(requests, people))
        self.stdout.write("(all generated data rolled back)")

    def _timed(self, label, func, repeat=1, per=None):
        """Time `func`; `per=(n, "person")` adds the queries per person (or row) to the line."""
        with measured() as timing:
            for _ in range(repeat):
                result = func()
        queries = timing.queries // repeat
        line = f"{label:<48} {timing.seconds / repeat * 1000:9.1f} ms  {queries:6d} queries"
        if per is not None:
            n, unit = per if per[0] else (1, per[1])
            line += f"  ({queries / n:.2f} per {unit})"
        self.stdout.write(line)
        return result

    def _run(self, n_requests, n_people):
        User = get_user_model()
        from django.contrib.auth.models import Group

        root = OrganisationUnit.objects.add_root({"name": "Bench", "code": "bench-root", "kind": "national"})
        region = OrganisationUnit.objects.add_child(root, {"name": "Bench R", "code": "bench-r", "kind": "region"})
        team = OrganisationUnit.objects.add_child(region, {"name": "Bench T", "code": "bench-t", "kind": "team"})
        supporter = User.objects.create_user(email="bench-supporter@bench.example", unit=team)
        supporter.groups.set(Group.objects.filter(name=Role.PEER_SUPPORTER))
        coordinator = User.objects.create_user(email="bench-coordinator@bench.example", unit=region)
        coordinator.groups.set(Group.objects.filter(name=Role.COORDINATOR))
        employees = User.objects.bulk_create(
            [User(email=f"bench{i}@bench.example", unit=team) for i in range(max(n_requests, n_people))]
        )
        now = timezone.now()
        urgencies = list(SupportRequest.Urgency.values)
        SupportRequest.objects.bulk_create(
            [
                SupportRequest(
                    requester=employees[i],
                    requester_unit=team,
                    region=region,
                    urgency=urgencies[i % 3],
                    created_at=now - dt.timedelta(minutes=i),
                    escalate_at=now - dt.timedelta(minutes=i) + dt.timedelta(hours=1),
                )
                for i in range(n_requests)
            ]
        )
        self.stdout.write(f"data: {n_requests} new requests in one region, {n_people} people in one incident")
        self._timed("region_of (one user)", lambda: region_of(team), repeat=20)
        self._timed("queue: new requests (first 50)", lambda: list(queue_new_requests(user=supporter)[:50]), 10)
        self._timed("coordination: open requests (all)", lambda: list(region_open_requests(region=region)), 3)
        manager = User.objects.create_user(email="bench-manager@bench.example", unit=region)
        small = min(5, n_people)
        organisations_all()  # in the cache, as on a running portal: measured is the registration itself
        for label, people in (
            (f"incident_register ({small} people)", employees[-small:]),
            (
                f"incident_register ({n_people} people)",
                employees[:n_people],
            ),
        ):
            self._timed(
                label,
                lambda people=people: incident_register(
                    registered_by=manager,
                    incident_type="traffic",
                    occurred_at=now - dt.timedelta(hours=1),
                    unit=team,
                    people=people,
                    now=now,
                ),
                per=(len(people), "person"),
            )
        self._timed("queue: outreach tasks (all)", lambda: list(queue_outreach_tasks(user=supporter)), 3)
        self._timed("queue: my steps", lambda: list(my_steps(user=supporter)), 3)
        # The first scan after a backlog, one scan at a time (what `timers_scan` runs, in its order).
        later = now + dt.timedelta(hours=2)
        start = time.perf_counter()
        for label, scan in (
            ("scan: requests_escalate (+ other routes)", requests_escalate),
            ("scan: steps_remind", steps_remind),
            ("scan: steps_flag_overdue", steps_flag_overdue),
            ("scan: screenings_send", screenings_send),
            ("scan: requests_alert", requests_alert),
            ("scan: requests_alert_no_contact", requests_alert_no_contact),
            ("scan: steps_alert_unowned", steps_alert_unowned),
        ):
            count = [0]

            def run(scan=scan, count=count):
                count[0] = scan(now=later)

            self._timed_rows(label, run, count)
        self.stdout.write(
            f"{'timer scan, first run (all of the above)':<48} {(time.perf_counter() - start) * 1000:9.1f} ms"
        )
        self._timed("timer scan, second run (nothing new)", lambda: timers_scan(now=later))
        # Sixty days on, with the supporter owning every step that is not a questionnaire:
        # every step is past its window (flagged to the coordinator), every questionnaire sent.
        FollowUpStep.objects.filter(plan__incident__unit=team).exclude(kind=StepKind.SCREENING).update(owner=supporter)
        far = now + dt.timedelta(days=60)
        for label, scan in (
            ("60 days on: steps_remind", steps_remind),
            ("60 days on: steps_flag_overdue", steps_flag_overdue),
            ("60 days on: screenings_send", screenings_send),
        ):
            count = [0]

            def run(scan=scan, count=count):
                count[0] = scan(now=far)

            self._timed_rows(label, run, count)

    def _timed_rows(self, label, run, count):
        """Time one scan and print the queries per row it moved."""
        with measured() as timing:
            run()
        rows = count[0]
        per = f"{timing.queries / rows:.2f} per row" if rows else "-"
        self.stdout.write(
            f"{label:<48} {timing.seconds * 1000:9.1f} ms  {timing.queries:6d} queries  {rows:5d} rows  ({per})"
        )
