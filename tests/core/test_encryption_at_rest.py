"""Every encrypted column of the project, found by its field class: no plaintext at rest, and
one command rotates its key (docs/operations.md, "Rotating an encryption key")."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from core.crypto import EncryptedTextField
from core.rotation import encrypted_field_rotate, encrypted_fields
from tests.wellbeing.portal_world import world_build

FIELDS = encrypted_fields()
MARKER = "PLAINTEXT-MARKER slept badly after the accident +31612345678"


@pytest.fixture
def world(org, alice, bob, carol, petra, mona, wim, connie, charlie):
    return world_build(
        org=org, alice=alice, bob=bob, carol=carol, petra=petra, mona=mona, wim=wim, connie=connie, charlie=charlie
    )


def _raw(item, pk):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(item.field.column)} FROM {quote(item.model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(item.model._meta.pk.column)} = %s",
            [item.model._meta.pk.get_db_prep_value(pk, connection)],  # a UUID as SQLite stores it too
        )
        return cursor.fetchone()[0]


def _hand_back(world):
    from django.utils import timezone

    from peer_support.models import HandBack, SupportRequest

    return HandBack.objects.create(
        request=SupportRequest.objects.order_by("pk").first(),
        supporter=world.bob,
        reason="x",
        created_at=timezone.now(),
    )


def _monitor_row(model_name, **fields):
    def make(world):
        from surveys.monitor import models

        campaign = models.Campaign.objects.order_by("pk").first()
        return getattr(models, model_name).objects.create(campaign=campaign, **fields)

    return make


# Rows the portal world does not make (it builds what pages show); a new model goes here or there.
EXTRA_ROWS = {
    "peer_support.handback": _hand_back,
    "surveys.draft": lambda world: _monitor_row("Draft", user=world.alice, answers="{}")(world),
    "surveys.heldresponse": _monitor_row("HeldResponse", answers="{}"),
    "surveys.heldcomment": _monitor_row("HeldComment", text="x"),
}


def _plain(item, pk):
    """Only this column, decrypted: the row's other encrypted columns may have other keys."""
    return item.model._base_manager.filter(pk=pk).values_list(item.field.name, flat=True).get()


def _row_with_marker(item, world):
    row = item.model._base_manager.order_by("pk").first()
    if row is None and item.model._meta.label_lower in EXTRA_ROWS:
        row = EXTRA_ROWS[item.model._meta.label_lower](world)
    assert row is not None, f"portal_world makes no {item.model.__name__}: add one so {item.label} is checked at rest"
    item.model._base_manager.filter(pk=row.pk).update(**{item.field.name: MARKER})
    return row.pk


def test_every_encrypted_field_of_the_project_is_found_by_its_class():
    labels = {item.label for item in FIELDS}
    # The ones the portal had when the command was written; new ones are found the same way.
    assert {
        "accounts.User.alert_phone",
        "checkups.Booking.note",
        "checkups.Booking.call_number",
        "checkups.SessionNote.text",
        "peer_support.SupportRequest.message",
        "peer_support.SupportRequest.contact_detail",
        "peer_support.IncidentLogEntry.what_happened",
        "surveys.Draft.answers",
        "surveys.HeldResponse.answers",
        "surveys.HeldComment.text",
    } <= labels
    assert all(isinstance(item.field, EncryptedTextField) for item in FIELDS)


@pytest.mark.parametrize("item", FIELDS, ids=[item.label for item in FIELDS])
def test_the_raw_column_holds_no_plaintext_and_a_rotation_moves_it_to_the_new_first_key(item, world, settings):
    pk = _row_with_marker(item, world)

    stored = _raw(item, pk)

    assert "PLAINTEXT-MARKER" not in stored and "+31612345678" not in stored and "accident" not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert _plain(item, pk) == MARKER

    # Rotation: a new first key, the command, then the old key can go.
    old_keys = list(getattr(settings, item.keys_setting))
    new_key = Fernet.generate_key().decode()
    setattr(settings, item.keys_setting, [new_key, *old_keys])

    call_command("rotate_encryption_keys", f"--field={item.label}", stdout=io.StringIO())

    Fernet(new_key.encode()).decrypt(_raw(item, pk).encode())  # raises if not the new key's
    setattr(settings, item.keys_setting, [new_key])
    assert _plain(item, pk) == MARKER


def test_a_second_run_changes_nothing_and_a_dry_run_writes_nothing(world, settings):
    item = next(item for item in FIELDS if item.label == "checkups.Booking.note")
    pk = _row_with_marker(item, world)
    settings.CHECKUPS_NOTE_KEYS = [Fernet.generate_key().decode(), *settings.CHECKUPS_NOTE_KEYS]
    before = _raw(item, pk)

    dry = encrypted_field_rotate(item=item, dry_run=True)
    assert dry.rotated >= 1 and _raw(item, pk) == before

    first = encrypted_field_rotate(item=item, batch_size=1)  # many batches, each its own transaction
    after_first = _raw(item, pk)
    second = encrypted_field_rotate(item=item)

    assert first.rotated == dry.rotated and first.unreadable == 0
    assert second.rotated == 0 and second.current == first.rotated + first.current
    assert _raw(item, pk) == after_first


def test_a_run_after_an_interruption_finishes_what_the_first_left(world, settings):
    item = next(item for item in FIELDS if item.label == "peer_support.IncidentLogEntry.what_happened")
    pk = _row_with_marker(item, world)
    settings.PEER_SUPPORT_NOTE_KEYS = [Fernet.generate_key().decode(), *settings.PEER_SUPPORT_NOTE_KEYS]
    # Interrupted half-way: some rows (here: all but ours) already carry the new key.
    others = item.model._base_manager.exclude(pk=pk)
    for row in others:
        item.model._base_manager.filter(pk=row.pk).update(what_happened="already rotated")

    result = encrypted_field_rotate(item=item)

    assert result.rotated == 1 and result.current == others.exclude(what_happened="").count()


def test_the_command_refuses_an_unknown_field_and_reports_what_no_key_opens(world, settings):
    with pytest.raises(CommandError, match="Not an encrypted field"):
        call_command("rotate_encryption_keys", "--field=accounts.User.email", stdout=io.StringIO())

    item = next(item for item in FIELDS if item.label == "checkups.SessionNote.text")
    pk = _row_with_marker(item, world)
    settings.CHECKUPS_NOTE_KEYS = [Fernet.generate_key().decode()]  # the old key removed too early
    out = io.StringIO()
    with pytest.raises(CommandError, match="keep the old keys"):
        call_command("rotate_encryption_keys", f"--field={item.label}", stdout=out)
    assert "unreadable 1" in out.getvalue()
    assert _raw(item, pk).startswith("gAAAAA")  # left as it was


def test_the_check_ups_command_still_rotates_the_check_ups_fields(world, settings):
    item = next(item for item in FIELDS if item.label == "checkups.Booking.note")
    pk = _row_with_marker(item, world)
    new_key = Fernet.generate_key().decode()
    settings.CHECKUPS_NOTE_KEYS = [new_key, *settings.CHECKUPS_NOTE_KEYS]
    out = io.StringIO()

    call_command("rotate_checkups_note_keys", stdout=out)

    Fernet(new_key.encode()).decrypt(_raw(item, pk).encode())
    assert "peer_support" not in out.getvalue()
