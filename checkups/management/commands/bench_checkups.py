"""Benchmark the free-slot page: 50 psychologists with 8 weeks of availability.

Works on an empty database: it migrates first, then seeds the load (idempotent; the
bench users are `bench-psychologist-N@bench.example`), then renders the page with the
test client several times and prints the median time and the query count. The last
line is `key=value` figures for scripts.
"""

import datetime as dt
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

PSYCHOLOGISTS = 50
WEEKS = 8


class Command(BaseCommand):
    help = "Seed 50 psychologists x 8 weeks of availability and time the free-slot page."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--psychologists", type=int, default=PSYCHOLOGISTS)

    def handle(self, *args, runs, psychologists, **options):
        call_command("migrate", verbosity=0, interactive=False)
        from accounts.roles import Role, sync_roles

        sync_roles()
        employee, appointment_type, slot_count = self._seed(psychologists, Role)
        client = Client(SERVER_NAME="localhost")
        client.force_login(employee)
        url = reverse("checkups:slots", args=[appointment_type.slug])
        timings, queries = [], 0
        with override_settings(ALLOWED_HOSTS=["localhost", "testserver"]):
            client.get(url)  # warm up templates and connections
            for _run in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
                queries = len(captured.captured_queries)
        median = statistics.median(timings)
        self.stdout.write(f"free-slot page {url}: {runs} runs, median {median:.1f} ms, {queries} queries")
        self.stdout.write(f"load: {psychologists} psychologists, {slot_count} slots over {WEEKS} weeks")
        self.stdout.write(
            f"psychologists={psychologists} slots={slot_count} runs={runs} median_ms={median:.1f} "
            f"p90_ms={sorted(timings)[int(len(timings) * 0.9) - 1]:.1f} queries={queries} db={connection.vendor}"
        )

    def _seed(self, count, Role):
        from django.contrib.auth.models import Group

        from accounts.models import User
        from checkups.models import AppointmentType, Location, Mode, Slot
        from checkups.services import psychologist_profile_ensure, slots_materialise

        group = Group.objects.get(name=Role.PSYCHOLOGIST)
        checkup = AppointmentType.objects.get(slug="check-up")
        preventive = AppointmentType.objects.get(slug="preventive-talk")
        locations = [
            Location.objects.get_or_create(name=f"Bench location {n}", defaults={"address": f"Street {n}"})[0]
            for n in range(5)
        ]
        languages = [["nl", "en"], ["da", "en"], ["nl"], ["en", "de"], ["da", "kl", "en"]]
        for n in range(count):
            user, _created = User.objects.get_or_create(
                email=f"bench-psychologist-{n}@bench.example", defaults={"first_name": "Bench", "last_name": str(n)}
            )
            user.groups.add(group)
            profile = psychologist_profile_ensure(user=user)
            if not profile.windows.exists():
                profile.language_codes = languages[n % len(languages)]
                profile.video_link = "https://video.example.org/bench"
                profile.save()
                profile.locations.add(locations[n % 5])
                for weekday in range(5):
                    for start, end, mode in ((9, 12, Mode.IN_PERSON), (13, 17, Mode.VIDEO)):
                        window = profile.windows.create(
                            weekday=weekday,
                            start_time=dt.time(start),
                            end_time=dt.time(end),
                            mode=mode,
                            location=locations[n % 5] if mode == Mode.IN_PERSON else None,
                        )
                        window.appointment_types.set([checkup, preventive])
            slots_materialise(psychologist=profile, weeks=WEEKS)
        employee, _created = User.objects.get_or_create(
            email="bench-employee@bench.example", defaults={"first_name": "Bench"}
        )
        employee.groups.add(Group.objects.get(name=Role.EMPLOYEE))
        slots = Slot.objects.filter(psychologist__user__email__startswith="bench-psychologist-").count()
        return employee, checkup, slots
