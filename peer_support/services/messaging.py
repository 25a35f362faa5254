"""Neutral messages of this app, through the outbox. Keys are deterministic: scanning or
calling twice schedules nothing twice. Contexts hold ids and neutral words only."""

import datetime as dt

from django.urls import reverse

from notifications.services import message_schedule


def portal_path(name: str, *args) -> str:
    return reverse(name, args=args)


def task_notice(*, key: str, recipient, due_at: dt.datetime, path: str, urgent: bool = False, not_after=None):
    """ "You have a new task in the portal", with a link. Used for every staff notice."""
    return message_schedule(
        key=key,
        template="peer_support_task",
        recipient=recipient,
        due_at=due_at,
        context={"path": path},
        urgent=urgent,
        not_after=not_after,
    )


def task_notice_row(*, key: str, recipient, due_at: dt.datetime, path: str, urgent: bool = False, not_after=None):
    """The row `task_notice` writes, for `messages_schedule_many` (a scan's notices in bulk)."""
    return {
        "key": key,
        "template": "peer_support_task",
        "recipient_id": recipient.pk,
        "due_at": due_at,
        "context": {"path": path},
        "urgent": urgent,
        "not_after": not_after,
    }
