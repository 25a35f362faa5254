"""The reminder scans run in bulk: the same number of queries for 5 and for 50 rows (issue 16)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from checkups import services
from checkups.models import Psychologist
from checkups.services.messages import reminder_key
from notifications.models import OutboxMessage
from tests.factories import UserFactory


def _book(make_slot, checkup, org, n, prefix, start):
    bookings = []
    for i in range(n):
        psychologist = Psychologist.objects.create(
            user=UserFactory(email=f"{prefix}-psy{i}@example.org", roles=[Role.PSYCHOLOGIST]),
            languages=",en,",
            video_link="https://video.example.org/x",
        )
        slot = make_slot(start=start + dt.timedelta(minutes=i), psychologist=psychologist)
        employee = UserFactory(email=f"{prefix}{i}@example.org", unit=org["team_a"])
        bookings.append(services.booking_create(slot=slot, employee=employee, appointment_type=checkup))
    # As if booked before the reminder existed: the scan has to make every reminder.
    for booking in bookings:
        OutboxMessage.objects.with_key(reminder_key(booking)).delete()
    return bookings


def _scan():
    with CaptureQueriesContext(connection) as ctx:
        made = services.reminders_schedule()
    return made, len(ctx)


# On PostgreSQL only: SQLite splits one INSERT of many rows at 999 parameters, so its count grows with the rows.
@pytest.mark.postgres
def test_the_reminder_scan_takes_the_same_number_of_queries_for_5_and_for_50_appointments(make_slot, checkup, org):
    start = timezone.now() + dt.timedelta(hours=26)
    _book(make_slot, checkup, org, 5, "few", start)
    few, few_queries = _scan()
    many_bookings = _book(make_slot, checkup, org, 50, "many", start + dt.timedelta(hours=2))
    many, many_queries = _scan()
    assert (few, many) == (5, 55)
    assert few_queries == many_queries
    for booking in many_bookings:
        reminder = OutboxMessage.objects.with_key(reminder_key(booking)).get()
        assert (reminder.recipient_id, reminder.template) == (booking.employee_id, "checkups_reminder")
        assert (reminder.due_at, reminder.not_after) == (booking.starts_at - dt.timedelta(hours=24), booking.starts_at)
        assert reminder.context["starts_at"] == booking.starts_at.isoformat()
    before = OutboxMessage.objects.count()
    _scan()
    assert OutboxMessage.objects.count() == before  # nothing twice
