"""The whole audit log: the data protection officer reads it (filtered, paginated, itself
audited); nobody else does; nobody at all changes or deletes it."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEntry
from core.retention import _delete_old_audit_entries

pytestmark = pytest.mark.django_db


def test_the_data_protection_officer_reads_the_whole_log_and_the_reading_is_audited(client, dana, alice, bob, petra):
    audit_record(actor=bob, action="support_request.view", obj=alice, subject=alice)
    audit_record(actor=petra, action="checkups.booking.view", obj=bob, subject=bob)
    client.force_login(dana)

    page = client.get(reverse("dataprotection:audit_log")).content.decode()

    assert "support_request.view" in page and "checkups.booking.view" in page
    assert "bob@example.org" in page and "alice@example.org" in page
    assert AuditEntry.objects.filter(actor=dana, action="dataprotection.audit_log.read").count() == 1


def test_the_filters_narrow_by_actor_subject_action_and_date(client, dana, alice, bob, petra):
    audit_record(actor=bob, action="support_request.view", obj=alice, subject=alice)
    audit_record(actor=petra, action="checkups.booking.view", obj=bob, subject=bob)
    client.force_login(dana)
    url = reverse("dataprotection:audit_log")

    by_actor = client.get(url, {"actor": "petra@example.org"}).content.decode()
    assert "checkups.booking.view" in by_actor and "support_request.view" not in by_actor
    by_subject = client.get(url, {"subject": "alice@example.org"}).content.decode()
    assert "support_request.view" in by_subject and "checkups.booking.view" not in by_subject
    # Reading about Alice is written to Alice's own access log.
    assert AuditEntry.objects.filter(actor=dana, subject=alice, action="dataprotection.audit_log.read").exists()
    by_action = client.get(url, {"action": "checkups"}).content.decode()
    assert "checkups.booking.view" in by_action and "support_request.view" not in by_action
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "No entries." in client.get(url, {"date_from": tomorrow}).content.decode()


def test_a_bad_filter_is_a_message_not_an_error(client, dana):
    client.force_login(dana)
    response = client.get(reverse("dataprotection:audit_log"), {"date_from": "2026-02-30", "date_to": "x"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()
    response = client.get(reverse("dataprotection:audit_log"), {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200 and "Choose a date between" in response.content.decode()


def test_the_log_is_paginated_with_the_same_queries_for_one_page_or_another(
    client, dana, alice, bob, django_assert_max_num_queries
):
    audit_record(actor=bob, action="a", obj=alice, subject=alice)
    client.force_login(dana)
    url = reverse("dataprotection:audit_log")
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor=bob, subject=alice, action="a", object_type="accounts.user", object_id="1")] * 120
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url, {"page": 2})
    assert "Page 2 of 3" in response.content.decode()


@pytest.mark.parametrize("role", ["alice", "bob", "carol", "petra", "mona", "wim", "connie", "charlie", "admin_user"])
def test_nobody_but_the_data_protection_officer_reads_it(client, role, request):
    """The administrator is a technical role: the audit log tells who was in care, so not theirs."""
    from tests.factories import with_totp

    user = request.getfixturevalue(role)
    if role == "admin_user":
        user = with_totp(user)
    client.force_login(user)
    assert client.get(reverse("dataprotection:audit_log")).status_code == 403


def test_nobody_can_change_or_delete_an_entry_in_the_admin(admin_client, alice, bob):
    entry = audit_record(actor=bob, action="x", obj=alice, subject=alice)
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    admin_client.post(change, {"action": "changed"})
    admin_client.post(delete, {"post": "yes"})
    entry.refresh_from_db()
    assert entry.action == "x"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET action = 'changed'",
        "DELETE FROM core_auditentry",
        "TRUNCATE core_auditentry",
    ],
)
def test_the_database_refuses_to_change_delete_or_empty_the_log(alice, bob, sql):
    audit_record(actor=bob, action="x", obj=alice, subject=alice)
    with connection.cursor() as cursor:  # TRUNCATE waits for no deferred foreign-key checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.get().action == "x"


@pytest.mark.postgres
def test_the_database_refuses_the_orm_too_and_a_person_with_entries_cannot_be_deleted(alice, bob):
    from django.db.models import ProtectedError

    audit_record(actor=bob, action="x", obj=alice, subject=alice)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(action="changed")
    with pytest.raises(ProtectedError):
        alice.delete()


@pytest.mark.postgres
def test_only_the_retention_rule_deletes_and_only_old_entries(alice, bob, settings):
    import time_machine

    settings.RETENTION_AUDIT_DAYS = 30
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        audit_record(actor=bob, action="old", obj=alice, subject=alice)
    audit_record(actor=bob, action="recent", obj=alice, subject=alice)

    assert _delete_old_audit_entries(timezone.now()) == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["recent"]
    # The door closes with the retention's transaction.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
