"""Benchmark the employee monitor at the scale of a national police force.

    python manage.py bench_monitor [--employees 65000] [--repeat 15]

Works on an empty database (it migrates first). Seeds a realistic organisation tree (about
one team per 43 employees: ~1,500 teams for 65,000, in regions and districts, some teams
smaller than the minimum group), launches a campaign over all of it (the officer's confirm
through the test client, timed as the web request sees it; then the launch task, timed apart,
which writes the participations and invitations in bulk), lets 60 % answer with all ~60 items
(held answers written in bulk, as many separate submits would leave them), closes the campaign
(moving every held answer in one batch, computing and storing the results), then times the
dashboard pages with the test client and the plain SQL query that computes the same means.
The last line is key=value.
"""

import json
import random
import statistics
import time
import uuid
from unittest import mock

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment

from accounts.testing import PortalClient


class Command(BaseCommand):
    help = "Seed a large organisation, close a monitor campaign, time the dashboards; prints figures."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=65000)
        parser.add_argument("--response-rate", type=float, default=0.6)
        parser.add_argument("--repeat", type=int, default=15, help="Renders per dashboard page.")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, employees, response_rate, repeat, seed, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            setup_test_environment()  # the test client's host, a local mail backend
        except RuntimeError:
            pass  # already set up (the command runs inside a test)
        rng = random.Random(seed)
        run = uuid.uuid4().hex[:6]
        out = self.stdout.write

        started = time.perf_counter()
        national, teams, tree_units = self._seed_tree(rng, run, employees)
        users = self._seed_people(rng, run, employees, teams)
        seed_s = time.perf_counter() - started
        out(f"seeded {len(tree_units)} units ({len(teams)} teams) and {users} employees in {seed_s:.1f} s")

        from django.utils import timezone

        from surveys.monitor import services
        from surveys.monitor.models import Campaign, HeldComment, HeldResponse, Participation, Submission
        from surveys.monitor.questionnaire import questionnaire_for
        from surveys.monitor.tasks import launch_campaign

        today = timezone.localdate()
        campaign = Campaign.objects.create(
            name=f"Benchmark {run}", parts=["copsoq3", "organisation"], opens_on=today, closes_on=today
        )
        campaign.units.set([national])
        officer = self._officer(run)
        client = PortalClient()
        client.force_login(officer)
        # The officer's confirm, as the web request sees it. The task it queues after the
        # commit is not sent to the broker (a worker of another checkout on the same Redis
        # could take it): it is run here, in this process, as a worker would run it.
        launch_url = f"/monitor/campaigns/{campaign.pk}/launch/"
        with mock.patch("surveys.monitor.services.campaigns._queue_launch"):
            started = time.perf_counter()
            response = client.post(launch_url, {"confirm": "1"})
            request_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 302, (launch_url, response.status_code)
        campaign.refresh_from_db()
        assert campaign.is_launching, campaign.status
        out(f"launch as the web request sees it (POST confirm): {request_ms:.0f} ms, the campaign is launching")
        started = time.perf_counter()
        launch_campaign.run(campaign.pk)
        launch_s = time.perf_counter() - started
        campaign.refresh_from_db()
        out(f"launch task: {campaign.population_size} people (participations and invitations) in {launch_s:.1f} s")

        started = time.perf_counter()
        questionnaire = questionnaire_for(campaign)
        items = list(questionnaire.items.values())
        participations = list(Participation.objects.filter(campaign=campaign).values_list("user_id", "report_unit_id"))
        answering = rng.sample(participations, int(len(participations) * response_rate))
        bias = {}
        held, comments = [], []
        for _user_id, report_unit in answering:
            lean = bias.setdefault(report_unit, rng.uniform(-1.2, 1.2))
            answers = {}
            for item in items:
                if rng.random() < 0.03:
                    continue  # a few skipped questions
                values = sorted(item.scale.values)
                index = min(max(int(round(rng.gauss(2 + lean, 1.1))), 0), len(values) - 1)
                answers[item.key] = values[index]
            held.append(HeldResponse(campaign=campaign, report_unit_id=report_unit, answers=json.dumps(answers)))
            if rng.random() < 0.1:
                text = "Shifts are heavy but the team is great."
                comments.append(HeldComment(campaign=campaign, report_unit_id=report_unit, text=text))
        HeldResponse.objects.bulk_create(held, batch_size=5000)
        HeldComment.objects.bulk_create(comments, batch_size=5000)
        Submission.objects.bulk_create(
            [Submission(campaign=campaign, user_id=user_id) for user_id, _unit in answering], batch_size=5000
        )
        answer_s = time.perf_counter() - started
        out(f"{len(held)} people answered {len(items)} items ({answer_s:.1f} s to generate)")

        started = time.perf_counter()
        services.campaign_close(campaign=campaign)
        close_s = time.perf_counter() - started
        out(f"close (move {len(held)} held answers, compute and store results): {close_s:.2f} s")

        region = next(u for u in tree_units if u.depth == 2)
        district = next(u for u in tree_units if u.depth == 3)
        team = teams[len(teams) // 2]
        pages = {
            "organisation": f"/monitor/c/{campaign.pk}/results/",
            "region": f"/monitor/c/{campaign.pk}/results/{region.pk}/",
            "district": f"/monitor/c/{campaign.pk}/results/{district.pk}/",
            "team": f"/monitor/c/{campaign.pk}/results/{team.pk}/",
        }
        medians, queries_max = {}, 0
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    begin = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - begin) * 1000)
                queries_max = max(queries_max, len(queries))
            medians[name] = statistics.median(timings)
            out(f"dashboard {name:<13} median {medians[name]:7.1f} ms over {repeat} renders, {len(queries)} queries")
        begin = time.perf_counter()
        client.get(f"/monitor/c/{campaign.pk}/results.csv")
        csv_ms = (time.perf_counter() - begin) * 1000
        out(f"CSV export of every unit: {csv_ms:.0f} ms")

        sql_ms = self._sql(campaign.pk, repeat=5)
        out(f"plain SQL computing the same means per report unit and scale: {sql_ms:.1f} ms")
        slowest = max(medians.values())
        out(
            f"employees={users} teams={len(teams)} responses={len(held)} items={len(items)} "
            f"seed_s={seed_s:.1f} launch_request_ms={request_ms:.0f} launch_s={launch_s:.2f} close_s={close_s:.2f} "
            f"dashboard_median_ms={slowest:.1f} sql_ms={sql_ms:.1f} queries_max={queries_max} "
            f"ratio={slowest / sql_ms if sql_ms else 0:.2f}"
        )

    def _seed_tree(self, rng, run, employees):
        from wellbeing.scale.org import tree_create, tree_spec

        units = tree_create(tree_spec(name=f"Police {run}", code=f"b{run}", employees=employees))
        return units[0], [u for u in units if u.kind == "team"], units

    def _seed_people(self, rng, run, employees, teams):
        from accounts.models import User
        from wellbeing.scale.org import team_sizes

        rows = []
        for team, size in zip(teams, team_sizes(rng, teams, employees), strict=True):
            for _ in range(size):
                rows.append(
                    User(email=f"b{run}-{len(rows)}@bench.invalid", password="!", unit_id=team.pk, language="nl")
                )
        User.objects.bulk_create(rows, batch_size=5000)
        return len(rows)

    def _officer(self, run):
        from allauth.mfa.totp.internal.auth import TOTP
        from django.contrib.auth.models import Group

        from accounts.models import User

        officer = User.objects.create(email=f"officer-{run}@bench.invalid", password="!")
        officer.groups.set(Group.objects.filter(name="wellbeing_officer"))
        TOTP.activate(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        return officer

    def _sql(self, campaign_id, *, repeat):
        from surveys.monitor.models import Response

        table = Response._meta.db_table
        if connection.vendor == "postgresql":
            query = (
                f"SELECT r.report_unit_id, s.key, avg(s.value::float), count(*) "
                f"FROM {table} r, jsonb_each_text(r.scores) s WHERE r.campaign_id = %s GROUP BY 1, 2"
            )
        else:
            query = (
                f"SELECT r.report_unit_id, s.key, avg(s.value), count(*) "
                f"FROM {table} r, json_each(r.scores) s WHERE r.campaign_id = %s GROUP BY 1, 2"
            )
        timings = []
        with connection.cursor() as cursor:
            for _ in range(repeat):
                begin = time.perf_counter()
                cursor.execute(query, [campaign_id])
                cursor.fetchall()
                timings.append((time.perf_counter() - begin) * 1000)
        return statistics.median(timings)
