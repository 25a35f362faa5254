"""The audit log: who did what to whose record, never what it said."""

import pytest

from core.audit import audit_record


@pytest.mark.django_db
def test_an_audit_entry_names_actor_subject_and_object_but_no_content(alice, bob):
    entry = audit_record(actor=bob, action="view", obj=alice, subject=alice)
    assert (entry.actor, entry.subject, entry.action) == (bob, alice, "view")
    assert entry.object_type == "accounts.user" and entry.object_id == str(alice.pk)
    assert list(alice.audit_entries_about_me.all()) == [entry]
