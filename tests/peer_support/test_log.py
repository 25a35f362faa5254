import datetime as dt

from django.urls import reverse

from peer_support.models import IncidentLogEntry


def entry_for(user, **kwargs):
    fields = {"occurred_on": dt.date(2026, 3, 1), "incident_type": "violence", "what_happened": "Spat at."}
    fields.update(kwargs)
    return IncidentLogEntry.objects.create(owner=user, **fields)


def test_an_employee_adds_edits_and_prints_their_own_entries(client, alice):
    client.force_login(alice)
    client.post(
        reverse("peer_support:log_create"),
        {"occurred_on": "2026-02-01", "incident_type": "children", "what_happened": "A", "how_it_affected_me": "B"},
    )
    entry = IncidentLogEntry.objects.get(owner=alice)
    assert entry.how_it_affected_me == "B"
    client.post(
        reverse("peer_support:log_edit", args=[entry.pk]),
        {"occurred_on": "2026-02-02", "incident_type": "children", "what_happened": "A2", "how_it_affected_me": ""},
    )
    entry.refresh_from_db()
    assert entry.what_happened == "A2"
    page = client.get(reverse("peer_support:log_print")).content.decode()
    assert "A2" in page and "peer_support/log_print.css" in page  # its print rules: a stylesheet, for the CSP


def test_a_future_date_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    response = client.post(reverse("peer_support:log_create"), {"occurred_on": "2999-01-01", "incident_type": "other"})
    assert "The date lies in the future." in response.content.decode()
    assert not IncidentLogEntry.objects.exists()


def test_only_the_owner_can_see_or_change_an_entry(client, alice, carol, mona, petra):
    entry = entry_for(alice, what_happened="very private")
    for user in (carol, mona, petra):
        client.force_login(user)
        listing = client.get(reverse("peer_support:log_list"))
        assert listing.status_code == 200 and "very private" not in listing.content.decode()
        assert client.get(reverse("peer_support:log_edit", args=[entry.pk])).status_code == 404
        assert client.post(reverse("peer_support:log_delete", args=[entry.pk])).status_code == 404
        printed = client.get(reverse("peer_support:log_print"))
        assert printed.status_code == 200 and "very private" not in printed.content.decode()
    assert IncidentLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_log_is_encrypted_at_rest(alice):
    entry = entry_for(alice, what_happened="nightmares")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT what_happened FROM peer_support_incidentlogentry WHERE id = %s", [entry.pk])
        assert "nightmares" not in cursor.fetchone()[0]


def test_deleting_one_entry_and_the_whole_log(client, alice, charlie):
    first, second = entry_for(alice), entry_for(alice)
    other = entry_for(charlie)
    client.force_login(alice)
    client.post(reverse("peer_support:log_delete", args=[first.pk]))
    assert list(IncidentLogEntry.objects.filter(owner=alice)) == [second]
    client.post(reverse("peer_support:log_delete_all"))
    assert not IncidentLogEntry.objects.filter(owner=alice).exists()
    assert IncidentLogEntry.objects.filter(pk=other.pk).exists()
