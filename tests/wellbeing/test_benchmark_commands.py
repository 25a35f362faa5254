"""The benchmark commands run end to end on small numbers, print their figures with the query
counts, and leave nothing behind (their data is rolled back: core/benchmarks.py)."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import User
from checkups.models import Booking
from peer_support.models import CriticalIncident, SupportRequest


def _queries(out: str, label: str) -> int:
    line = next(line for line in out.splitlines() if line.startswith(label))
    return int(re.search(r"(\d+) queries", line).group(1))


@pytest.mark.django_db
def test_the_reminder_benchmark_shows_the_same_queries_for_5_and_for_more_and_keeps_nothing():
    users_before = User.objects.count()
    out = io.StringIO()
    call_command("bench_reminders", bookings=30, people=30, stdout=out)
    text = out.getvalue()
    assert text.startswith("load average:")
    assert _queries(text, "reminders_schedule (5 appointments)") == _queries(
        text, "reminders_schedule (30 more appointments)"
    )
    assert "(all generated data rolled back)" in text
    assert User.objects.count() == users_before and not Booking.objects.exists()


@pytest.mark.django_db
def test_the_peer_support_benchmark_registers_any_incident_in_the_same_queries_and_keeps_nothing():
    out = io.StringIO()
    call_command("benchmark_peer_support", requests=40, people=12, stdout=out)
    text = out.getvalue()
    assert _queries(text, "incident_register (5 people)") == _queries(text, "incident_register (12 people)")
    assert "timer scan, second run (nothing new)" in text
    assert not SupportRequest.objects.exists() and not CriticalIncident.objects.exists()
