"""Deleting from the incident log says first what happens; a deleted entry may be undone for
a few minutes before the daily retention erases it for good, leaving no row version behind."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from peer_support import retention
from peer_support.models import IncidentLogEntry


def posts_to(page: str, url: str) -> bool:
    return bool(re.search(rf'<form[^>]*method="post"[^>]*action="{re.escape(url)}"', page))


@pytest.fixture
def entry(alice):
    return IncidentLogEntry.objects.create(
        owner=alice, occurred_on=dt.date(2026, 3, 1), incident_type="violence", what_happened="Spat at, MARKER"
    )


def test_deleting_a_log_entry_asks_first_and_says_what_happens(client, alice, entry):
    delete = reverse("peer_support:log_delete", args=[entry.pk])
    client.force_login(alice)
    listing = client.get(reverse("peer_support:log_list")).content.decode()
    assert not posts_to(listing, delete) and f'href="{delete}"' in listing
    page = client.get(delete).content.decode()
    assert "Delete this entry?" in page and "erased for good within a day" in page and "10 minutes" in page
    assert IncidentLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_deleted_entry_can_be_undone_on_the_next_page(client, alice, entry):
    client.force_login(alice)
    listing = client.post(reverse("peer_support:log_delete", args=[entry.pk]), follow=True).content.decode()
    assert "MARKER" not in listing
    assert "is deleted. You can undo this until" in listing
    undo = reverse("peer_support:log_restore", args=[entry.pk])
    assert posts_to(listing, undo)
    assert not IncidentLogEntry.objects.filter(pk=entry.pk).exists()
    printed = client.get(reverse("peer_support:log_print"))
    assert printed.status_code == 200 and "MARKER" not in printed.content.decode()
    assert client.get(reverse("peer_support:log_edit", args=[entry.pk])).status_code == 404

    listing = client.post(undo, follow=True).content.decode()
    assert "The entry is back in your log." in listing and "MARKER" in listing
    assert IncidentLogEntry.objects.get(pk=entry.pk).deleted_at is None


def test_after_the_undo_time_the_entry_cannot_come_back_and_the_retention_erases_it(client, alice, entry):
    client.force_login(alice)
    client.post(reverse("peer_support:log_delete", args=[entry.pk]))
    later = timezone.now() + dt.timedelta(minutes=11)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("peer_support:log_list"))
        assert response.status_code == 200 and "You can undo this" not in response.content.decode()
        response = client.post(reverse("peer_support:log_restore", args=[entry.pk]), follow=True)
        assert "can no longer be brought back" in response.content.decode()
    assert not IncidentLogEntry.objects.filter(pk=entry.pk).exists()

    assert retention.deleted_log_entries_erase(timezone.now()) == 0  # not before its undo time
    assert retention.deleted_log_entries_erase(later) == 1
    assert not IncidentLogEntry.all_objects.filter(pk=entry.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM peer_support_incidentlogentry WHERE id = %s", [entry.pk])
        assert cursor.fetchone()[0] == 0


def test_nobody_else_can_undo_or_see_a_deleted_entry(client, alice, carol, entry):
    client.force_login(alice)
    client.post(reverse("peer_support:log_delete", args=[entry.pk]))
    client.force_login(carol)
    assert client.post(reverse("peer_support:log_restore", args=[entry.pk])).status_code == 404
    assert client.get(reverse("peer_support:log_delete", args=[entry.pk])).status_code == 404
    assert IncidentLogEntry.all_objects.get(pk=entry.pk).deleted_at is not None


def test_deleting_the_whole_log_takes_entries_waiting_for_their_undo_too(client, alice, entry):
    client.force_login(alice)
    client.post(reverse("peer_support:log_delete", args=[entry.pk]))
    client.post(reverse("peer_support:log_delete_all"))
    assert not IncidentLogEntry.all_objects.filter(owner=alice).exists()


def test_the_daily_retention_runs_the_erasing_rule():
    from core.retention import _RULES

    assert _RULES["peer_support.deleted_log_entries"] is retention.deleted_log_entries_erase


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_row_version_of_an_erased_entry_stays_in_the_table(alice):
    from core.retention import retention_apply

    entry = IncidentLogEntry.objects.create(
        owner=alice, occurred_on=dt.date(2026, 3, 1), incident_type="other", what_happened="ERASE-ME"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_happened FROM peer_support_incidentlogentry WHERE id = %s", [entry.pk])
        ciphertext = cursor.fetchone()[0].encode()
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"the pageinspect extension is not available here: {exc}")
    assert b"ERASE-ME" not in ciphertext
    entry.deleted_at = timezone.now() - dt.timedelta(minutes=20)
    entry.save(update_fields=["deleted_at"])  # leaves the earlier version of the row behind
    assert retention_apply()["peer_support.deleted_log_entries"] == 1

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('peer_support_incidentlogentry') / current_setting('block_size')::int")
        tuples = []
        for page in range(cursor.fetchone()[0]):
            cursor.execute(
                "SELECT t_data FROM heap_page_items(get_raw_page('peer_support_incidentlogentry', %s))"
                " WHERE t_data IS NOT NULL",
                [page],
            )
            tuples += [bytes(row[0]) for row in cursor.fetchall()]
    assert not [t for t in tuples if ciphertext[:40] in t]
