"""Time the reminder scans on generated data and print their queries per reminder:

    python manage.py bench_reminders --bookings 5000 --people 5000

`reminders_schedule` (the hourly 24-hour reminders of appointments) and
`requirement_reminders_send` (the daily reminder of a required course) each run on 5 rows
and then on the given number, so a query count that grows with the rows shows. Everything
runs in a transaction that is rolled back: no data is left behind.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import OrganisationUnit
from accounts.roles import Role
from core.benchmarks import load_average, measured, rolled_back
from trainings.models import Completion, Course, Requirement
from trainings.services.requirements import requirement_reminders_send

from ...defaults import appointment_types_ensure
from ...models import AppointmentType, Booking, Mode, Psychologist, Slot
from ...services.booking import reminders_schedule

PER_PSYCHOLOGIST = 1000  # one-minute bookings back to back, all within the two days the scan looks at


class Command(BaseCommand):
    help = "Time the appointment and training reminder scans on generated data (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--bookings", type=int, default=2000)
        parser.add_argument("--people", type=int, default=2000, help="people due for a required course")

    def handle(self, *args, bookings, people, **options):
        self.stdout.write(f"load average: {load_average()}")
        rolled_back(lambda: self._run(bookings, people))
        self.stdout.write("(all generated data rolled back)")

    def _timed(self, label, func, rows):
        with measured() as timing:
            made = func()
        self.stdout.write(
            f"{label:<44} {timing.seconds * 1000:9.1f} ms  {timing.queries:6d} queries  {made:6d} made"
            f"  ({timing.queries / max(rows, 1):.3f} per row)"
        )

    def _run(self, n_bookings, n_people):
        User = get_user_model()
        root = OrganisationUnit.objects.add_root({"name": "Bench", "code": "bench-rem", "kind": "national"})
        now = timezone.now()
        appointment_types_ensure()
        checkup = AppointmentType.objects.get(slug="check-up")
        employees = User.objects.bulk_create(
            [User(email=f"bench-rem{i}@bench.example", unit=root) for i in range(max(n_bookings, n_people) + 5)]
        )

        def book(first, count):
            made = []
            for start in range(first, first + count, PER_PSYCHOLOGIST):
                psy_user = User.objects.create_user(email=f"bench-psy{start}@bench.example", unit=root)
                psychologist = Psychologist.objects.create(
                    user=psy_user, languages=",en,", video_link="https://x.example"
                )
                size = min(PER_PSYCHOLOGIST, first + count - start)
                starts = [now + dt.timedelta(hours=25, minutes=i) for i in range(size)]
                slots = Slot.objects.bulk_create(
                    [
                        Slot(
                            psychologist=psychologist, starts_at=s, ends_at=s + dt.timedelta(minutes=1), mode=Mode.VIDEO
                        )
                        for s in starts
                    ]
                )
                made += Booking.objects.bulk_create(
                    [
                        Booking(
                            slot=slot,
                            psychologist=psychologist,
                            appointment_type=checkup,
                            employee=employees[start + i],
                            starts_at=slot.starts_at,
                            ends_at=slot.ends_at,
                            mode=Mode.VIDEO,
                        )
                        for i, slot in enumerate(slots)
                    ]
                )
            return made

        book(0, 5)
        self._timed("reminders_schedule (5 appointments)", lambda: reminders_schedule(now=now), 5)
        book(5, n_bookings)
        self._timed(
            f"reminders_schedule ({n_bookings} more appointments)", lambda: reminders_schedule(now=now), n_bookings
        )

        course = Course.objects.create(slug="bench-required", title_en="Bench course", duration_minutes=60)
        Requirement.objects.create(
            course=course, role=Role.MANAGER, renewal_months=12, created_at=now - dt.timedelta(days=400)
        )
        managers = Group.objects.get(name=Role.MANAGER)
        # Last done 340 days ago: due within the reminder window, as in the tests.
        last = timezone.localdate(now) - dt.timedelta(days=340)
        Completion.objects.bulk_create([Completion(user=e, course=course, completed_on=last) for e in employees])
        managers.user_set.add(*employees[:5])
        self._timed("requirement_reminders_send (5 people)", lambda: requirement_reminders_send(now=now), 5)
        managers.user_set.add(*employees[5 : 5 + n_people])
        self._timed(
            f"requirement_reminders_send ({n_people} more people)",
            lambda: requirement_reminders_send(now=now),
            n_people,
        )
