"""Deployments: registered by the employee or the wellbeing officer, reminders for each talk, status without content."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkups import services
from core.errors import DomainError
from notifications.keys import opaque_key
from notifications.models import OutboxMessage


def test_a_deployment_plans_three_reminders_and_booking_a_phase_cancels_its_reminder(alice, wim, make_slot, types):
    deployment_type = types["deployment-talk"]
    today = timezone.localdate()
    deployment = services.deployment_register(
        employee=alice,
        destination="Nuuk, Greenland",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=100),
        registered_by=wim,
    )
    keys = set(OutboxMessage.objects.with_key_prefix(f"deployment:{deployment.pk}:").values_list("key", flat=True))
    assert keys == {opaque_key(f"deployment:{deployment.pk}:remind-{p}:first") for p in ("before", "during", "after")}
    before = OutboxMessage.objects.with_key(f"deployment:{deployment.pk}:remind-before:first").get()
    assert before.due_at <= timezone.now() + dt.timedelta(minutes=1)  # already time to book the first talk
    slot = make_slot(days=5, types=[deployment_type])
    booking = services.booking_create(slot=slot, employee=alice, appointment_type=deployment_type)
    assert booking.deployment == deployment and booking.deployment_phase == "before"
    before.refresh_from_db()
    assert before.status == OutboxMessage.Status.CANCELLED
    during_in_person = make_slot(days=40, types=[deployment_type], mode="in_person")
    with pytest.raises(DomainError):  # during the deployment it is video
        services.booking_create(slot=during_in_person, employee=alice, appointment_type=deployment_type)
    status = services.deployment_status(deployment, list(deployment.bookings.all()), today=today)
    assert status == {"before": "booked", "during": "open", "after": "open"}


def test_the_wellbeing_officer_sees_deployment_status_but_no_talk_content(alice, wim, make_slot, types, client):
    today = timezone.localdate()
    services.deployment_register(
        employee=alice,
        destination="Nuuk",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=90),
    )
    slot = make_slot(days=5, types=[types["deployment-talk"]])
    services.booking_create(slot=slot, employee=alice, appointment_type=types["deployment-talk"], note="Worried")
    client.force_login(wim)
    page = client.get(reverse("checkups:deployments")).content.decode()
    assert "Nuuk" in page and "Worried" not in page and "Petra" not in page


def test_deployments_are_registered_by_the_employee_or_the_wellbeing_officer(alice, wim, mona, client):
    start = timezone.localdate() + dt.timedelta(days=20)
    data = {
        "destination": "Nuuk",
        "starts_on": start,
        "ends_on": start + dt.timedelta(days=60),
        "time_zone": "America/Nuuk",
    }
    client.force_login(alice)
    assert client.post(reverse("checkups:deployment_new"), data).status_code == 302
    assert alice.deployments.count() == 1
    client.force_login(mona)
    assert client.get(reverse("checkups:deployments")).status_code == 403
    client.force_login(wim)
    response = client.post(reverse("checkups:deployments"), {**data, "employee_email": "alice@example.org"})
    assert response.status_code == 302 and alice.deployments.count() == 2
    unknown = client.post(reverse("checkups:deployments"), {**data, "employee_email": "nobody@example.org"})
    assert unknown.status_code == 200 and alice.deployments.count() == 2
