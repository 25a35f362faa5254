"""The messages the portal has for a person, for export and erasure (core/personal_data.py)."""

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from core.personal_data import Kept, when

from .models import OutboxMessage

TITLE = gettext_lazy("Messages to you")


def export_for(user) -> dict:
    messages = OutboxMessage.objects.filter(recipient=user).order_by("due_at")
    return {
        gettext("Messages"): [
            {
                gettext("Due"): when(message.due_at),
                gettext("Channel"): message.get_channel_display(),
                gettext("State"): message.get_status_display(),
            }
            for message in messages
        ]
    }


def erase_for(user) -> list[str]:
    done = OutboxMessage.objects.filter(recipient=user).exclude(status=OutboxMessage.Status.PENDING)
    deleted, _ = done.delete()
    lines: list[str] = [gettext("Messages already sent to you were removed.")] if deleted else []
    if OutboxMessage.objects.filter(recipient=user, status=OutboxMessage.Status.PENDING).exists():
        lines.append(
            Kept(
                gettext(
                    "Messages still to be sent (reminders of what is kept) stay until sent; then they are deleted "
                    "after %(days)d days."
                )
                % {"days": settings.RETENTION_OUTBOX_DAYS}
            )
        )
    return lines
