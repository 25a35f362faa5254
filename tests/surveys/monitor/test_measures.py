"""Measures ("you said, we did"): a manager plans one for their unit with a reminder, the
employees of the unit see it, and the wellbeing officer sees them all."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import OutboxMessage
from surveys.monitor.models import Measure, Participation

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_measure_with_a_reminder_and_employees_see_it(org, closed, client, mona):
    client.force_login(mona)
    url = reverse("monitor:measure_create", args=[closed.pk, org["team_a"].pk])
    bad = client.post(url, {"scale": "work_pace", "action": "", "owner": "", "due_on": "", "status": "planned"})
    assert bad.status_code == 200 and not Measure.objects.exists()
    response = client.post(
        url,
        {
            "scale": "work_pace",
            "action": "Two extra people on night shifts",
            "owner": "Team lead",
            "due_on": "2026-05-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    reminder = OutboxMessage.objects.with_key(f"monitor:measure:{measure.pk}:due:2026-05-01").get()
    assert reminder.recipient == mona and reminder.due_at.date() == dt.date(2026, 4, 24)
    assert client.get(reverse("monitor:measure_create", args=[closed.pk, org["team_c"].pk])).status_code == 404
    # Marking it done cancels the reminder.
    client.post(
        reverse("monitor:measure_edit", args=[measure.pk]),
        {
            "scale": "work_pace",
            "action": "Two extra people on night shifts",
            "owner": "Team lead",
            "due_on": "2026-05-01",
            "status": "done",
        },
    )
    reminder.refresh_from_db()
    assert reminder.status == OutboxMessage.Status.CANCELLED
    person = Participation.objects.filter(campaign=closed, unit=org["team_a"]).first().user
    client.force_login(person)
    assert (
        "Two extra people on night shifts" in client.get(reverse("monitor:my_unit", args=[closed.pk])).content.decode()
    )


def test_the_officer_sees_the_overview_of_measures(org, closed, client, wim, mona):
    Measure.objects.create(
        unit=org["team_c"], campaign=closed, scale="aggression", action="Body cameras", owner="Chief", due_on=TODAY
    )
    client.force_login(wim)
    assert "Body cameras" in client.get(reverse("monitor:measures")).content.decode()
    client.force_login(mona)
    page = client.get(reverse("monitor:measures"))
    assert page.status_code == 200 and "Body cameras" not in page.content.decode()
    assert client.get(reverse("monitor:measure_edit", args=[Measure.objects.get().pk])).status_code == 404
