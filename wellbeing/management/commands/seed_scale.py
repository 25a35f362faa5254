"""Seed a national data set: a police force and a prison service, 65,000 employees by default.

    python manage.py seed_scale [--employees 65000] [--seed 2026] [--years 1]

PostgreSQL only, and only with DJANGO_DEBUG=true (every account gets the demo password). It
builds, in minutes: the two organisation trees (regions, districts, teams of about 43), the
people with their roles (peer supporters, coordinators per region, psychologists, managers,
wellbeing officers, trainers, counsellors), psychologists with eight weeks of slots ahead and a
year of bookings behind and ahead, support requests in every state, critical incidents with
follow-up plans and steps, one closed monitor campaign per organisation with its results,
self-test statistics, articles, questions to the experts and trainings with enrolments.

It refuses to run on a database that has the data set already: seed a fresh database
(`dropdb`/`createdb`, `migrate`) instead. Ends with the rows per table, the time per phase,
the accounts to log in with and a key=value line.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wellbeing.scale.seed import ScaleSeeder, scale_present


class Command(BaseCommand):
    help = "Seed a national data set (65,000 employees by default) on PostgreSQL, for load tests and figures."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=65000, help="People in both organisations together.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for the same data set again.")
        parser.add_argument("--years", type=int, default=1, help="Years of history (bookings, requests, incidents).")

    def handle(self, *args, employees, seed, years, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL: set DATABASE_URL=postgres://... and run migrate first.")
        if not settings.DEBUG:
            # Every account gets the demo password from the README: never on a portal with real people.
            raise CommandError("seed_scale runs only with DJANGO_DEBUG=true (every account gets the demo password).")
        if employees < 100:
            raise CommandError("Give at least 100 employees (--employees), so that every team and region has people.")
        if years < 1:
            raise CommandError("--years must be 1 or more.")
        if scale_present():
            raise CommandError(
                "This database holds the national data set already (seed_scale ran before). "
                "Seed a fresh database instead: dropdb, createdb, migrate, then seed_scale."
            )
        started = time.perf_counter()
        seeder = ScaleSeeder(
            employees=employees, seed=seed, years=years, stdout=self.stdout, stderr=self.stderr, style=self.style
        )
        seeder.run()
        # Statistics for the planner, as autovacuum would gather them in a while: measured right
        # after a bulk seed, a table it thinks is empty gets nested loops over thousands of rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        total = time.perf_counter() - started
        out = self.stdout.write
        out(self.style.MIGRATE_HEADING("rows per table"))
        for table, count in seeder.counts():
            out(f"  {table:<40} {count:>10,}")
        out(self.style.MIGRATE_HEADING("time per phase"))
        for name, seconds in seeder.timings:
            out(f"  {name:<40} {seconds:>8.1f} s")
        out(f"  {'total':<40} {total:>8.1f} s")
        load = os.getloadavg()
        out(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

        from wellbeing.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

        out(self.style.MIGRATE_HEADING("log in with"))
        out(f"  password for every account: {DEMO_PASSWORD}")
        out(
            f"  privileged accounts below have TOTP secret {DEMO_TOTP_SECRET} "
            "(`manage.py demo_totp` prints the code); employees need no code"
        )
        out("  every account is <role>-<n>@<domain>, e.g. employee-1 ... employee-N, peer-supporter-1, manager-1")
        for org in seeder.orgs:
            for role, email, unit in org.printed:
                out(f"  {role:<18} {email:<42} {unit}")
        phases = " ".join(
            f"{name.split()[0].replace(',', '').replace('-', '_')}_s={s:.1f}" for name, s in seeder.timings
        )
        out(
            f"employees={employees} units={sum(len(o.units) for o in seeder.orgs)} "
            f"teams={sum(len(o.teams) for o in seeder.orgs)} {phases} total_s={total:.1f} load1={load[0]:.2f}"
        )
