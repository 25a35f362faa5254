"""Someone who left gets no more messages: what was waiting for them is cancelled."""

from accounts.leaving import leaver_work

from .services import messages_cancel_for_recipient


@leaver_work("notifications.pending_messages", order=900)
def pending_messages_cancel(*, user, now) -> list:
    messages_cancel_for_recipient(recipient=user)
    return []
