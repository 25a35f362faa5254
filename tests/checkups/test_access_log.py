"""A person sees every look at their appointments and deployments, and lists that name
them are logged too: one entry per person per view, in a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from checkups import services
from core.models import AuditEntry
from tests.caches import caches_warm
from tests.factories import UserFactory


def _employees(n):
    return [UserFactory(first_name=f"Person{i}", roles=[Role.EMPLOYEE]) for i in range(n)]


def test_a_persons_log_shows_the_psychologist_opening_their_appointment(alice, petra, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    client.force_login(petra)
    client.get(reverse("checkups:agenda_booking", args=[booking.pk]))
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert "Petra" in page and "opened your appointment" in page


def test_the_log_speaks_the_persons_language(alice, petra, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    client.force_login(petra)
    client.get(reverse("checkups:agenda_booking", args=[booking.pk]))
    alice.language = "nl"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert "heeft je afspraak geopend" in page


def test_reloading_a_booking_is_one_line_in_the_log(alice, petra, make_slot, checkup, client):
    booking = services.booking_create(slot=make_slot(days=3), employee=alice, appointment_type=checkup)
    client.force_login(petra)
    for _ in range(3):
        client.get(reverse("checkups:agenda_booking", args=[booking.pk]))
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert page.count("opened your appointment") == 1


def _agenda(client, day):
    caches_warm()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("checkups:agenda"), {"view": "day", "date": day.isoformat()})
    assert response.status_code == 200
    return len(queries)


def test_the_agenda_logs_one_entry_per_person_shown_in_a_fixed_number_of_queries(
    alice, petra, make_slot, checkup, client
):
    day = timezone.localdate() + dt.timedelta(days=3)
    services.booking_create(slot=make_slot(days=3, hour=8), employee=alice, appointment_type=checkup)
    client.force_login(petra)
    one = _agenda(client, day)
    assert list(AuditEntry.objects.filter(action="checkups.agenda.list").values_list("subject", flat=True)) == [
        alice.pk
    ]
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()  # the log is append-only
    services.booking_create(slot=make_slot(days=3, hour=9), employee=alice, appointment_type=checkup)
    others = _employees(4)
    for hour, person in zip((11, 12, 13, 14), others, strict=True):
        services.booking_create(slot=make_slot(days=3, hour=hour), employee=person, appointment_type=checkup)
    assert _agenda(client, day) == one
    entries = AuditEntry.objects.filter(action="checkups.agenda.list", actor=petra, pk__gt=mark)
    assert sorted(entries.values_list("subject", flat=True)) == sorted([alice.pk] + [p.pk for p in others])


def _deployments(client):
    caches_warm()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("checkups:deployments")).status_code == 200
    return len(queries)


def test_the_deployments_list_logs_one_entry_per_person_shown_in_a_fixed_number_of_queries(alice, wim, client):
    today = timezone.localdate()

    def deploy(person):
        services.deployment_register(
            employee=person,
            destination="Nuuk",
            starts_on=today + dt.timedelta(days=10),
            ends_on=today + dt.timedelta(days=90),
        )

    deploy(alice)
    client.force_login(wim)
    one = _deployments(client)
    for person in _employees(4):
        deploy(person)
    assert _deployments(client) == one
    latest = AuditEntry.objects.filter(action="checkups.deployment.list", actor=wim)
    assert latest.filter(subject=alice).count() == 2 and latest.count() == 6
    client.force_login(alice)
    assert (
        "saw your deployment in the list of deployments" in client.get(reverse("accounts:access_log")).content.decode()
    )
