"""Show that an urgent message never waits behind ordinary mail, and print the figures.

Schedules many ordinary messages that are all due (a campaign's invitations), then one
urgent message due later than all of them, and claims one batch as a worker would. The
urgent message must be in that first batch. Everything is rolled back afterwards:

    python manage.py benchmark_outbox --ordinary 20000
"""

import datetime as dt
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
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

    def handle(self, *args, ordinary, batch, **options):
        try:
            with transaction.atomic():
                self._run(ordinary, batch)
                raise Rollback
        except Rollback:
            self.stdout.write("(all generated data rolled back)")

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
