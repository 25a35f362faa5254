"""Measure the peer support hot paths on a throwaway data set and print the figures.

Everything runs inside a transaction that is rolled back, so it can be run against any
database (the embedded SQLite or PostgreSQL) without leaving data behind:

    python manage.py benchmark_peer_support --requests 2000 --people 500
"""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OrganisationUnit
from accounts.roles import Role

from ...models import SupportRequest
from ...regions import region_of
from ...selectors import my_steps, queue_new_requests, queue_outreach_tasks, region_open_requests
from ...services.incidents import incident_register
from ...services.timers import timers_scan


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the queue pages' queries, incident registration and the timer scan on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1000)
        parser.add_argument("--people", type=int, default=200, help="people involved in one incident")

    def handle(self, *args, requests, people, **options):
        try:
            with transaction.atomic():
                self._run(requests, people)
                raise Rollback
        except Rollback:
            self.stdout.write("(all generated data rolled back)")

    def _timed(self, label, func, repeat=1):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            for _ in range(repeat):
                result = func()
            elapsed = (time.perf_counter() - start) / repeat
        self.stdout.write(f"{label:<48} {elapsed * 1000:9.1f} ms  {len(ctx) // repeat:4d} queries")
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
        self._timed(
            f"incident_register ({n_people} people)",
            lambda: incident_register(
                registered_by=manager,
                incident_type="traffic",
                occurred_at=now - dt.timedelta(hours=1),
                unit=team,
                people=employees[:n_people],
                now=now,
            ),
        )
        self._timed("queue: outreach tasks (all)", lambda: list(queue_outreach_tasks(user=supporter)), 3)
        self._timed("queue: my steps", lambda: list(my_steps(user=supporter)), 3)
        self._timed("timer scan, first run (escalations due)", lambda: timers_scan(now=now + dt.timedelta(hours=2)))
        self._timed("timer scan, second run (nothing new)", lambda: timers_scan(now=now + dt.timedelta(hours=2)))
