"""The person's access log: every entry about them from every app, in their words, one
line per event; list pages log one entry per person in one query."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from core.audit import _ACTION_LABELS, audit_action_label, audit_entries_for_person, audit_record, audit_record_many
from core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_list_writes_one_entry_per_person_in_one_query(alice, bob, carol, charlie, django_assert_num_queries):
    shown = [(alice, alice), (bob, bob), (alice, alice), (carol, carol), (charlie, None)]
    with django_assert_num_queries(1):
        entries = audit_record_many(actor=carol, action="example.list", shown=shown)
    assert len(entries) == 2  # Alice once, Bob; not Carol herself, not a record about nobody
    assert set(AuditEntry.objects.values_list("subject__first_name", flat=True)) == {"Alice", "Bob"}
    assert all(entry.at is not None for entry in AuditEntry.objects.all())


@pytest.mark.django_db
def test_an_empty_list_writes_nothing(carol, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert audit_record_many(actor=carol, action="example.list", shown=[]) == []


@pytest.mark.django_db
def test_the_log_shows_entries_of_every_app_and_only_the_persons_own(client, alice, bob, petra, charlie):
    audit_record(actor=bob, action="support_request.view", obj=alice, subject=alice)
    audit_record(actor=petra, action="checkups.booking.view", obj=alice, subject=alice)
    audit_record(actor=petra, action="checkups.booking.view", obj=charlie, subject=charlie)
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert "opened your request" in page and "opened your appointment" in page
    assert page.count("opened your appointment") == 1  # Charlie's entry is not hers


@pytest.mark.django_db
def test_one_event_written_twice_in_a_minute_is_one_line_but_later_looks_are_not(alice, petra):
    with time_machine.travel(timezone.now().replace(second=1) - dt.timedelta(minutes=5), tick=False):
        audit_record(actor=petra, action="checkups.booking.view", obj=alice, subject=alice)
    audit_record(actor=petra, action="checkups.booking.view", obj=alice, subject=alice)
    lines = audit_entries_for_person(person=alice)
    assert [line.what for line in lines] == ["opened your appointment"] * 2
    audit_record(actor=petra, action="checkups.booking.view", obj=alice, subject=alice)
    assert len(audit_entries_for_person(person=alice)) == 2


@pytest.mark.django_db
def test_an_action_nobody_named_is_still_shown(client, alice, bob):
    audit_record(actor=bob, action="something.new", obj=alice, subject=alice)
    client.force_login(alice)
    assert "looked at or changed one of your records" in client.get(reverse("accounts:access_log")).content.decode()


def _actions_written_in_code() -> set[str]:
    """Every audit action named in the apps' access helpers and views."""
    pattern = re.compile(
        r'"((?:support_request|follow_up_plan|follow_up_step)\.[a-z_]+'
        r'|checkups\.(?:booking|note|agenda|deployment)\.[a-z_]+|peer_support\.queue\.[a-z_]+)"'
    )
    found = set()
    for app in ("checkups", "peer_support"):
        for path in [ROOT / app / "access.py", *(ROOT / app / "views").glob("*.py")]:
            found |= set(pattern.findall(path.read_text()))
    from accounts.services import FLAG_ACTIONS

    found |= {"role_added", "role_removed", *FLAG_ACTIONS.values()}
    return found - {"support_request.withdraw"}  # the requester's own act: never audited


def test_every_action_the_code_writes_has_words_for_the_person():
    written = _actions_written_in_code()
    assert {"checkups.booking.view", "support_request.claim", "checkups.agenda.list"} <= written
    assert written - set(_ACTION_LABELS) == set()


@pytest.mark.parametrize("language", ["nl", "da"])
def test_every_action_label_is_translated(language):
    for action in _ACTION_LABELS:
        english = audit_action_label(action)
        with translation.override(language):
            assert audit_action_label(action) != english, action


@pytest.mark.django_db
def test_a_change_the_portal_made_itself_shows_in_the_log_without_a_person(client, alice):
    from django.contrib.auth.models import Group

    from accounts.roles import Role
    from accounts.services import user_roles_set

    user_roles_set(user=alice, actor=None, roles=[Role.EMPLOYEE, Role.PEER_SUPPORTER])
    assert Group.objects.get(name=Role.PEER_SUPPORTER) in alice.groups.all()
    user_roles_set(user=alice, actor=None, roles=[Role.EMPLOYEE])
    client.force_login(alice)
    page = client.get(reverse("accounts:access_log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "The portal itself" in text
    assert "gave you a role in the portal" in text and "took a role in the portal away from you" in text
