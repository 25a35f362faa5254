"""The outbox: the one place that sends mail, text messages and portal alerts.

The promise: never two sends for one key, except at most one duplicate when a worker
dies between sending and marking the row sent. Rows are claimed with a lease in a
short transaction (`select_for_update(skip_locked=True)`), mail is sent outside any
transaction (no row lock is ever held across SMTP), then the row is marked sent only
if this worker still holds the claim. A claim whose lease ran out is due again.

Callers pass readable keys and prefixes (`appointment:42:`); only their opaque forms
(`keys.py`) reach the table, so the outbox does not say who is in care.

Each row has a channel (`channels/`): e-mail, SMS or the portal's own alert page; a message
on two channels is two rows, whose keys differ by a channel suffix (`<key>:sms`), so each
is scheduled once and retried on its own. Urgent rows are claimed before any other, and
scheduling one asks a worker to dispatch urgent rows at once (after the commit), so an
alert at night never waits for the next beat or behind a campaign's invitations.
"""

import datetime as dt
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import channels
from .keys import opaque_key
from .models import ChannelOutage, OutboxMessage, channel_key

logger = logging.getLogger(__name__)

# Messages sent between two looks at the database: each chunk is checked (still ours, not
# cancelled) with one query just before it goes, and marked sent with one after.
SEND_CHUNK = 20

# The first key of the PostgreSQL advisory locks that are the drain slots (the second is the
# slot's number, 0 .. OUTBOX_MAX_DRAINS - 1). Any fixed int4 that no other lock of the project
# uses; `pg_locks` shows them as classid 7100, objid <slot>.
DRAIN_SLOT_LOCK = 7100


def message_schedule(
    *,
    key: str,
    template: str,
    due_at: dt.datetime,
    recipient=None,
    to_email: str = "",
    language: str = "",
    context: dict | None = None,
    attachments: list | None = None,
    not_after: dt.datetime | None = None,
    urgent: bool = False,
    channel: str = OutboxMessage.Channel.EMAIL,
) -> OutboxMessage:
    """Schedule a message once per key and channel; scheduling it again changes nothing.

    An urgent row that is due goes to a worker as soon as the transaction commits."""
    if recipient is None and not to_email:
        raise ValueError("A message needs a recipient or an e-mail address.")
    if channel != OutboxMessage.Channel.EMAIL and recipient is None:
        raise ValueError("Only e-mail goes to an address without an account.")
    key = opaque_key(channel_key(key, channel))
    defaults = {
        "channel": channel,
        "recipient": recipient,
        "to_email": to_email,
        "language": language,
        "template": template,
        "context": context or {},
        "attachments": attachments or [],
        "due_at": due_at,
        "not_after": not_after,
        "urgent": urgent,
    }
    try:
        with transaction.atomic():
            message, created = OutboxMessage.objects.get_or_create(key=key, defaults=defaults)
    except IntegrityError:  # a concurrent scheduler won the race for this key
        message, created = OutboxMessage.objects.get(key=key), False
    if created and urgent and due_at <= timezone.now():
        _queue_urgent_dispatch()
    return message


def _queue_urgent_dispatch() -> None:
    """One urgent dispatch per transaction, however many urgent rows it scheduled."""
    connection = transaction.get_connection()
    if any(entry[1] is _dispatch_urgent_soon for entry in connection.run_on_commit):
        return
    transaction.on_commit(_dispatch_urgent_soon)


def _dispatch_urgent_soon() -> None:
    """Ask a worker to send urgent rows now. If the broker cannot be reached, the page that
    scheduled the alert still works: beat sends it within a minute."""
    from .tasks import dispatch_urgent_messages

    try:
        dispatch_urgent_messages.delay()
    except Exception as exc:  # the broker is down: never a failed page for it
        logger.warning("Could not queue the urgent dispatch (%s); beat will send it.", type(exc).__name__)


def messages_schedule_many(*, rows: list[dict]) -> int:
    """Schedule many messages at once (a campaign's invitations to thousands of people, a
    scan's notices), in one INSERT per 2,000 rows.

    Each row holds the keyword arguments of `message_schedule` with `recipient_id`
    instead of `recipient` (or `to_email`); keys that exist already (on the row's channel)
    are skipped, as in `message_schedule`, so the rows are those `message_schedule` would
    write. A due urgent row asks a worker to dispatch once the transaction commits.
    """
    messages = []
    urgent_due = False
    now = timezone.now()
    for row in rows:
        channel = row.get("channel", OutboxMessage.Channel.EMAIL)
        if row.get("recipient_id") is None and not row.get("to_email"):
            raise ValueError("A message needs a recipient or an e-mail address.")
        messages.append(
            OutboxMessage(
                key=opaque_key(channel_key(row["key"], channel)),
                channel=channel,
                recipient_id=row.get("recipient_id"),
                to_email=row.get("to_email", ""),
                language=row.get("language", ""),
                template=row["template"],
                context=row.get("context") or {},
                attachments=row.get("attachments") or [],
                due_at=row["due_at"],
                not_after=row.get("not_after"),
                urgent=row.get("urgent", False),
            )
        )
        urgent_due = urgent_due or (row.get("urgent", False) and row["due_at"] <= now)
    OutboxMessage.objects.bulk_create(messages, batch_size=2000, ignore_conflicts=True)
    if urgent_due:
        _queue_urgent_dispatch()
    return len(messages)


def message_cancel(*, key: str) -> bool:
    """Cancel a message that has not been sent. Returns whether anything was cancelled."""
    return bool(
        OutboxMessage.objects.with_key(key)
        .filter(status=OutboxMessage.Status.PENDING)
        .update(status=OutboxMessage.Status.CANCELLED, claimed_until=None, claim_token="")
    )


def messages_cancel_prefix(*, prefix: str) -> int:
    """Cancel every unsent message whose key starts with `prefix` (e.g. `appointment:42:`).

    The prefix must end at a colon and name an object: opaque keys can answer "every
    message about appointment 42", but by design not "every appointment message".
    """
    pending = OutboxMessage.objects.with_key_prefix(prefix).filter(status=OutboxMessage.Status.PENDING)
    return pending.update(status=OutboxMessage.Status.CANCELLED, claimed_until=None, claim_token="")


def messages_cancel_for_recipient(*, recipient) -> int:
    """Cancel every unsent message to `recipient` (their account is closed)."""
    pending = OutboxMessage.objects.filter(recipient=recipient, status=OutboxMessage.Status.PENDING)
    return pending.update(status=OutboxMessage.Status.CANCELLED, claimed_until=None, claim_token="")


def messages_delete_prefix(*, prefix: str) -> int:
    """Delete every message, sent or not, whose key starts with `prefix`: for messages whose
    mere existence would later say too much (a campaign's reminders say who had not yet
    answered on a date), once they have served their purpose."""
    deleted, _ = OutboxMessage.objects.with_key_prefix(prefix).delete()
    return deleted


def message_retry(*, message: OutboxMessage) -> None:
    """Put a failed message back in the queue (the admin's "retry")."""
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=None, last_error=""
    )


@dataclass
class DispatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    expired: int = 0
    skipped: int = 0  # cancelled (or taken by another worker) between the claim and the send
    postponed: int = 0  # not tried: their channel went down during the batch

    def add(self, other: "DispatchResult") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _due(now: dt.datetime, urgent_only: bool = False):
    due = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING),
        Q(due_at__lte=now),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
    ).exclude(channel__in=ChannelOutage.objects.filter(until__gt=now).values("channel"))
    return due.filter(urgent=True) if urgent_only else due


def messages_claim(*, now: dt.datetime, limit: int, urgent_only: bool = False) -> tuple[str, list[OutboxMessage]]:
    """Claim up to `limit` due messages for this worker, in one short transaction: urgent
    rows first, then the longest due. Rows another worker is claiming are skipped, not
    waited for; a channel that is down (`ChannelOutage`) is not claimed at all."""
    token = secrets.token_hex(16)
    lease_until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            _due(now, urgent_only)
            .select_for_update(skip_locked=True)
            .order_by("-urgent", "due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(claimed_until=lease_until, claim_token=token)
    claimed = list(
        OutboxMessage.objects.filter(pk__in=ids, claim_token=token)
        .select_related("recipient")
        .order_by("-urgent", "due_at", "pk")  # and sent in that order
    )
    return token, claimed


def _release(message: OutboxMessage, token: str, **changes) -> bool:
    changes.setdefault("claimed_until", None)
    changes.setdefault("claim_token", "")
    return bool(OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(**changes))


def _still_ours(chunk: list[OutboxMessage], token: str) -> set[int]:
    """Checked just before each chunk is sent: a message cancelled after the claim (its
    appointment was cancelled or moved) never goes, nor one another worker took."""
    pending = OutboxMessage.objects.filter(
        pk__in=[message.pk for message in chunk], claim_token=token, status=OutboxMessage.Status.PENDING
    )
    return set(pending.values_list("pk", flat=True))


def _mark_sent(sent: list[OutboxMessage], token: str) -> None:
    if not sent:
        return
    marked = OutboxMessage.objects.filter(pk__in=[message.pk for message in sent], claim_token=token).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), claimed_until=None, claim_token=""
    )
    if marked < len(sent):
        # The lease ran out while sending and another worker took a row: the one duplicate
        # the promise allows. Log it so it can be seen.
        logger.warning("%d outbox messages were sent after their lease expired.", len(sent) - marked)


def _deliverable(message: OutboxMessage, now: dt.datetime, result: DispatchResult, token: str) -> bool:
    """Drop what is too late, and move what falls in quiet hours; True if it may go now."""
    if message.not_after and now > message.not_after:
        _release(message, token, status=OutboxMessage.Status.EXPIRED)
        result.expired += 1
        return False
    if message.recipient is not None and not message.recipient.is_active:
        _release(message, token, status=OutboxMessage.Status.CANCELLED)
        return False
    if not message.urgent and message.recipient is not None:
        quiet_end = message.recipient.quiet_hours_end_after(now)
        if quiet_end is not None:
            new_due = min(quiet_end, message.not_after) if message.not_after else quiet_end
            if new_due > now:
                _release(message, token, due_at=new_due)
                result.deferred += 1
                return False
    return True


def _failed(message: OutboxMessage, token: str, now: dt.datetime, exc: Exception) -> dt.datetime | None:
    """Count a failed try: back off, or fail the row for good. Returns the next try, if any."""
    logger.warning("Outbox message %s (%s) failed: %s", message.pk, message.channel, type(exc).__name__)
    message.attempts += 1
    if isinstance(exc, channels.PermanentFailure) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _release(message, token, attempts=message.attempts, status=OutboxMessage.Status.FAILED, last_error=repr(exc))
        return None
    next_attempt = now + message.backoff()
    _release(message, token, attempts=message.attempts, next_attempt_at=next_attempt, last_error=repr(exc))
    return next_attempt


def _outage_begin(channel: str, now: dt.datetime, until: dt.datetime, exc: Exception) -> None:
    """The channel waits until the first message's next try; that message tries it again."""
    ChannelOutage.objects.update_or_create(
        channel=channel,
        defaults={"until": until, "last_error": repr(exc)},
        create_defaults={"since": now, "until": until, "last_error": repr(exc)},
    )


def messages_dispatch(
    *, now: dt.datetime | None = None, limit: int | None = None, urgent_only: bool = False
) -> DispatchResult:
    """Claim one batch and send it, urgent first. Safe to run from several workers at once.

    Each channel is opened once for the batch (one SMTP connection for all its e-mails). The
    batch goes in chunks of `SEND_CHUNK`: one query checks the chunk is still ours and
    pending just before it is sent, one marks what went. A worker that dies mid-chunk leaves
    at most that chunk sent but unmarked: those go once more after the lease, each with the
    same Message-ID. A channel that turns out to be down keeps the rest of its messages of
    the batch unsent and untouched, and is not claimed again until the failed message's next
    try (`ChannelOutage`): the queue keeps its order, and an outage of the server fails nothing.
    """
    now = now or timezone.now()
    limit = limit or settings.OUTBOX_BATCH_SIZE
    result = DispatchResult()
    token, claimed = messages_claim(now=now, limit=limit, urgent_only=urgent_only)
    result.claimed = len(claimed)
    # Never send on a lease that may have run out: past half of it, the rest is released.
    deadline = time.monotonic() + settings.OUTBOX_LEASE_SECONDS / 2
    down: set[str] = set()
    up: set[str] = set()
    with channels.Batch() as batch:
        for first in range(0, len(claimed), SEND_CHUNK):
            chunk = claimed[first : first + SEND_CHUNK]
            ours = _still_ours(chunk, token)
            sent: list[OutboxMessage] = []
            for message in chunk:
                if message.pk not in ours:
                    result.skipped += 1
                    continue
                if message.channel in down or time.monotonic() > deadline:
                    _release(message, token)  # waits in its place in the queue, no try counted
                    result.postponed += 1
                    continue
                if not _deliverable(message, now, result, token):
                    continue
                try:
                    batch.send(message)
                except channels.ChannelUnavailable as exc:
                    down.add(message.channel)
                    next_attempt = _failed(message, token, now, exc)
                    if next_attempt is not None:
                        _outage_begin(message.channel, now, next_attempt, exc)
                    result.failed += 1
                    continue
                except Exception as exc:  # any failure of rendering or of the channel: retry later
                    _failed(message, token, now, exc)
                    result.failed += 1
                    continue
                sent.append(message)
                if message.channel not in up:
                    up.add(message.channel)
                    ChannelOutage.objects.filter(channel=message.channel).delete()  # it answers again
            _mark_sent(sent, token)
            result.sent += len(sent)
    return result


@contextmanager
def drain_slot(*, slots: int | None = None) -> Iterator[int | None]:
    """Take one of the `OUTBOX_MAX_DRAINS` drain slots for as long as the block runs: the
    slot number, or None when every slot is taken (the caller then does nothing). Beat starts
    a drain every minute and a drain queues itself again while messages remain, so without a
    cap a long backlog adds one more drain chain each minute; with it, at most `slots` drain
    side by side. A slot is a session advisory lock on this process's connection: a worker
    that dies or loses its connection frees its slot at once. On SQLite (one process, no
    parallel drains) and with `slots` 0 there is no cap."""
    slots = settings.OUTBOX_MAX_DRAINS if slots is None else slots
    if connection.vendor != "postgresql" or slots <= 0:
        yield 0
        return
    taken = None
    with connection.cursor() as cursor:
        for slot in range(slots):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [DRAIN_SLOT_LOCK, slot])
            if cursor.fetchone()[0]:
                taken = slot
                break
    try:
        yield taken
    finally:
        if taken is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [DRAIN_SLOT_LOCK, taken])
            except DatabaseError:
                pass  # the connection is gone, and its locks with it


def messages_drain(
    *, seconds: float | None = None, urgent_only: bool = False, limit: int | None = None
) -> tuple[DispatchResult, bool]:
    """Send batch after batch while due messages remain, for at most `seconds`
    (`OUTBOX_DRAIN_SECONDS`). Each batch claims urgent rows first, so an urgent message
    waits at most for the batch being sent. Returns the totals, and whether it stopped for
    time while more were due (the caller then queues another drain)."""
    seconds = settings.OUTBOX_DRAIN_SECONDS if seconds is None else seconds
    limit = limit or settings.OUTBOX_BATCH_SIZE
    deadline = time.monotonic() + seconds
    total = DispatchResult()
    while True:
        result = messages_dispatch(limit=limit, urgent_only=urgent_only)
        total.add(result)
        if result.claimed < limit:  # nothing more is due now (or other workers are on it)
            return total, False
        if time.monotonic() >= deadline:
            return total, True
