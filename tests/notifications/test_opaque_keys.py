"""Outbox keys say nothing of the kind of care: opaque, of one length, still cancellable by prefix."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps as django_apps
from hypothesis import given
from hypothesis import strategies as st

from notifications.keys import KEY_LENGTH, SEGMENT_CHARS, opaque_key, opaque_key_prefix
from notifications.models import OutboxMessage
from notifications.services import message_cancel, message_schedule, messages_cancel_prefix, messages_schedule_many
from tests.factories import UserFactory

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
START = "2026-03-11T12:00:00+00:00"

# One key of every kind the apps write, the prefix that cancels it, and the same kind of
# key about another object (id 8), which that prefix must leave alone.
KINDS = [
    ("appointment:7:reminder-24h:{start}", "appointment:7:", "appointment:8:reminder-24h:{start}"),
    ("appointment:7:confirmation:0", "appointment:7:", "appointment:71:confirmation:0"),
    ("waitlist:7:offer:3", "waitlist:7:", "waitlist:8:offer:3"),
    ("deployment:7:remind-before:first", "deployment:7:remind-before:", "deployment:7:remind-after:first"),
    ("deployment:7:remind-during:again-4", "deployment:7:remind-during:", "deployment:8:remind-during:again-4"),
    ("ps:request:7:new:3", "ps:request:7:new:", "ps:request:7:claimed:3"),
    ("ps:request:7:escalation:1:3", "ps:request:7:", "ps:request:8:escalation:1:3"),
    ("ps:step:7:remind:3:{start}", "ps:step:7:remind:", "ps:step:7:overdue:3:{start}"),
    ("ps:plan:7:start", "ps:plan:7:", "ps:plan:8:start"),
    ("ps:meeting:7:3:{start}:invite", "ps:meeting:7:3:", "ps:meeting:7:4:{start}:invite"),
    ("ps:reflection:7:3:{start}:agenda", "ps:reflection:7:", "ps:reflection:8:3:{start}:agenda"),
    ("ps:referral:7:book-yourself", "ps:referral:7:", "ps:referral:8:book-yourself"),
    ("selftest-retake:7:2026-04-07", "selftest-retake:7:", "selftest-retake:8:2026-04-07"),
    ("monitor:7:user:3:reminder:2026-05-01", "monitor:7:user:3:reminder:", "monitor:7:user:3:invitation"),
    ("monitor:7:user:3:invitation", "monitor:7:", "monitor:8:user:3:invitation"),
    ("monitor:measure:7:due:2026-05-01", "monitor:measure:7:", "monitor:measure:8:due:2026-05-01"),
]


def segments(key: str) -> list[str]:
    return [key[i : i + SEGMENT_CHARS] for i in range(0, len(key), SEGMENT_CHARS)]


@pytest.fixture
def person(db):
    return UserFactory()


def schedule(person, key):
    return message_schedule(key=key, template="portal_notice", recipient=person, due_at=NOW)


@pytest.mark.parametrize(("key", "_prefix", "_other"), KINDS)
def test_a_stored_key_has_no_readable_part_and_the_same_length_for_every_kind(person, key, _prefix, _other):
    key = key.format(start=START)
    stored = schedule(person, key).key
    assert len(stored) == KEY_LENGTH
    assert re.fullmatch(r"[0-9a-f]+", stored)
    for word in re.findall(r"[a-z][a-z-]+", key):  # kinds and their steps: appointment, ps, remind-before ...
        assert word not in stored


@pytest.mark.parametrize(("key", "prefix", "other"), KINDS)
def test_cancelling_by_prefix_still_works_for_every_kind(person, key, prefix, other):
    key, other = key.format(start=START), other.format(start=START)
    schedule(person, key)
    schedule(person, other)
    assert messages_cancel_prefix(prefix=prefix) == 1
    assert OutboxMessage.objects.with_key(key).get().status == OutboxMessage.Status.CANCELLED
    assert OutboxMessage.objects.with_key(other).get().status == OutboxMessage.Status.PENDING


@pytest.mark.parametrize(("key", "_prefix", "_other"), KINDS)
def test_no_segment_is_shared_by_messages_of_one_kind_about_different_objects(key, _prefix, _other):
    # A segment common to every appointment message would name the kind all over again.
    key = key.format(start=START)
    about_another_object = re.sub(r"(?<=:)7(?=:)", "8", key, count=1)
    assert about_another_object != key
    assert not set(segments(opaque_key(key))) & set(segments(opaque_key(about_another_object)))


def test_keys_of_one_kind_share_no_segment_whatever_their_object():
    keys = [opaque_key(f"appointment:{pk}:reminder-24h:{START}") for pk in range(1, 200)]
    for position in range(KEY_LENGTH // SEGMENT_CHARS):
        assert len({segments(key)[position] for key in keys}) == len(keys)


def test_the_same_readable_key_twice_makes_one_row(person):
    first = schedule(person, "appointment:7:confirmation:0")
    second = schedule(person, "appointment:7:confirmation:0")
    messages_schedule_many(
        rows=[{"key": "appointment:7:confirmation:0", "recipient_id": person.pk, "template": "t", "due_at": NOW}]
    )
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.with_key("appointment:7:confirmation:0").get() == first


def test_a_message_is_cancelled_by_its_readable_key(person):
    schedule(person, "appointment:7:confirmation:0")
    assert message_cancel(key="appointment:7:confirmation:0") is True
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.CANCELLED


def test_different_secrets_give_different_keys(person, settings):
    key = "appointment:7:reminder-24h:" + START
    assert opaque_key(key, secret="one") != opaque_key(key, secret="two")
    assert opaque_key_prefix("appointment:7:", secret="one") != opaque_key_prefix("appointment:7:", secret="two")
    settings.MESSAGE_KEY_SECRET = "one"
    stored_with_one = schedule(person, key).key
    settings.MESSAGE_KEY_SECRET = "two"
    assert not set(segments(stored_with_one)) & set(segments(opaque_key(key)))
    assert not OutboxMessage.objects.with_key(key).exists()


@pytest.mark.parametrize(
    "prefix",
    [
        "appointment:",  # a kind, not an object: opaque keys cannot answer "every appointment"
        "ps:meeting:",
        "appointment:7",  # not at a colon: would match appointment:71 too
        "deployment:7:remind-before",
    ],
)
def test_a_prefix_that_names_no_object_or_ends_mid_part_is_refused(db, prefix):
    with pytest.raises(ValueError):
        messages_cancel_prefix(prefix=prefix)
    with pytest.raises(ValueError):
        OutboxMessage.objects.with_key_prefix(prefix)


part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-0123456789T+", min_size=1, max_size=6)
readable_key = st.lists(part, min_size=1, max_size=9).map(":".join)


@given(key=readable_key, other=readable_key)
def test_an_opaque_prefix_matches_exactly_the_keys_its_readable_prefix_matches(key, other):
    parts = key.split(":")
    for end in range(1, len(parts)):
        prefix = ":".join(parts[:end]) + ":"
        try:
            opaque = opaque_key_prefix(prefix, secret="s")
        except ValueError:
            continue  # names no object, or too deep: refused rather than answered wrongly
        assert opaque_key(key, secret="s").startswith(opaque)
        assert opaque_key(other, secret="s").startswith(opaque) == other.startswith(prefix)
    assert len(opaque_key(key, secret="s")) == KEY_LENGTH


def test_the_migration_makes_existing_keys_opaque_and_keeps_them_findable(person):
    migration = importlib.import_module("notifications.migrations.0002_opaque_message_keys")
    readable = ["appointment:7:reminder-24h:" + START, "ps:plan:3:start", "deployment:5:remind-before"]
    for key in readable:
        OutboxMessage.objects.bulk_create(
            [OutboxMessage(key=key, recipient=person, template="portal_notice", due_at=NOW)]
        )
    migration.make_keys_opaque(django_apps, None)
    migration.make_keys_opaque(django_apps, None)  # a second run changes nothing
    assert all(len(key) == KEY_LENGTH for key in OutboxMessage.objects.values_list("key", flat=True))
    assert OutboxMessage.objects.with_key("appointment:7:reminder-24h:" + START).exists()
    assert OutboxMessage.objects.with_key("ps:plan:3:start").exists()
    # The deployment reminder took its new shape, so booking the phase still cancels it.
    assert messages_cancel_prefix(prefix="deployment:5:remind-before:") == 1
    # Scanning again finds the converted row instead of making a second one.
    schedule(person, "ps:plan:3:start")
    assert OutboxMessage.objects.count() == 3
