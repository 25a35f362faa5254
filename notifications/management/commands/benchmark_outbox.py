"""Measure the outbox and print the figures (docs/performance.md, section "Outbox").

Without options: schedules many ordinary messages that are all due (a campaign's
invitations), then one urgent message due later than all of them, and claims one batch as a
worker would. The urgent message must be in that first batch. Everything is rolled back:

    python manage.py benchmark_outbox --ordinary 20000

Against a real SMTP server (a local aiosmtpd sink on a free port, started here), with worker
processes draining in parallel on PostgreSQL; the rows are committed, then deleted:

    python manage.py benchmark_outbox --drain 10000 --workers 2
    python manage.py benchmark_outbox --urgent-behind 50000 --workers 2
"""

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from ...models import OutboxMessage
from ...services import message_schedule, messages_claim, messages_schedule_many


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Schedule many ordinary due messages and one urgent one; show the urgent one is claimed first."

    def add_arguments(self, parser):
        parser.add_argument("--ordinary", type=int, default=20000)
        parser.add_argument("--batch", type=int, default=settings.OUTBOX_BATCH_SIZE)
        parser.add_argument("--drain", type=int, help="send this many due messages to an SMTP sink")
        parser.add_argument("--urgent-behind", type=int, help="an urgent message behind this many due ones")
        parser.add_argument("--workers", type=int, default=2, help="worker processes draining in parallel")
        parser.add_argument("--drain-seconds", type=float, default=settings.OUTBOX_DRAIN_SECONDS)

    def handle(self, *args, ordinary, batch, drain=None, urgent_behind=None, **options):
        if drain or urgent_behind:
            return self._against_smtp(drain, urgent_behind, options["workers"], options["drain_seconds"])
        try:
            with transaction.atomic():
                self._run(ordinary, batch)
                raise Rollback
        except Rollback:
            self.stdout.write("(all generated data rolled back)")

    def _against_smtp(self, drain, urgent_behind, workers: int, drain_seconds: float) -> None:
        from ...benchmark import Benchmark

        if connection.vendor != "postgresql":
            raise CommandError("Draining with several workers needs PostgreSQL (DATABASE_URL=postgres://...).")
        if drain:
            benchmark = Benchmark(self.stdout.write)
            try:
                benchmark.drain(count=drain, workers=workers, drain_seconds=drain_seconds)
            finally:
                benchmark.cleanup()
        if urgent_behind:
            benchmark = Benchmark(self.stdout.write)
            try:
                benchmark.urgent_behind(
                    count=urgent_behind,
                    workers=workers,
                    drain_seconds=drain_seconds,
                    after=min(2000, urgent_behind // 5),
                )
            finally:
                benchmark.cleanup()

    def _run(self, ordinary: int, batch: int) -> None:
        now = timezone.now()
        person = get_user_model().objects.create_user(email="benchmark-outbox@example.invalid")
        start = time.perf_counter()
        messages_schedule_many(
            rows=[
                {
                    "key": f"benchmark:{index}:invitation",
                    "recipient_id": person.pk,
                    "template": "benchmark",
                    "due_at": now - dt.timedelta(hours=1, seconds=index),
                }
                for index in range(ordinary)
            ]
        )
        scheduled = time.perf_counter() - start
        urgent = message_schedule(
            key="benchmark:0:alert", template="benchmark", recipient=person, due_at=now, urgent=True, channel="sms"
        )
        start = time.perf_counter()
        _token, claimed = messages_claim(now=now + dt.timedelta(seconds=1), limit=batch)
        claim_time = time.perf_counter() - start
        ids = [message.pk for message in claimed]
        position = ids.index(urgent.pk) + 1 if urgent.pk in ids else None
        due = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, due_at__lte=now).count()
        self.stdout.write(f"ordinary due messages          {ordinary:>9}  (scheduled in {scheduled * 1000:.0f} ms)")
        self.stdout.write(f"due messages in the outbox      {due:>9}")
        self.stdout.write(f"first claimed batch            {len(ids):>9}  (claimed in {claim_time * 1000:.1f} ms)")
        if position is None:
            self.stdout.write("urgent message: NOT in the first batch")
        else:
            self.stdout.write(f"urgent message: in the first batch, at position {position}")
        minutes_behind = ordinary / batch
        self.stdout.write(
            f"ordered by due time only, it would have waited behind {ordinary} messages "
            f"(about {minutes_behind:.0f} beats of {batch})"
        )
