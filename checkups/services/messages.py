"""Every e-mail of the check-ups app goes through the outbox, with neutral words only.

Contexts carry ISO times and ids; the e-mail templates format times in the recipient's
time zone. No subject or body names the kind of talk or the word "psychologist".
"""

import datetime as dt

from django.urls import reverse

from notifications.services import message_schedule, messages_cancel_prefix

from ..calendar import invitation_attachment
from ..models import Booking


def _booking_context(booking: Booking) -> dict:
    return {
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "mode": booking.mode,
        "appointments_path": reverse("checkups:my_appointments"),
        "agenda_path": reverse("checkups:agenda_booking", args=[booking.pk]),
    }


def reminder_key(booking: Booking) -> str:
    return f"appointment:{booking.pk}:reminder-24h:{booking.starts_at.astimezone(dt.UTC).isoformat()}"


def booking_messages_after_create(*, booking: Booking, now: dt.datetime, moved: bool = False) -> None:
    context = _booking_context(booking)
    if booking.employee_id:
        message_schedule(
            key=f"appointment:{booking.pk}:confirmation:{booking.sequence}",
            template="checkups_confirmation",
            recipient=booking.employee,
            due_at=now,
            not_after=booking.starts_at,
            urgent=True,  # the answer to what they just did
            # Within the deadline the e-mail must not offer to move or cancel it online.
            context={**context, "moved": moved, "changeable": booking.can_be_changed_by_employee(now)},
            attachments=[invitation_attachment(booking, method="REQUEST")],
        )
        booking_reminder_schedule(booking=booking, now=now)
    message_schedule(
        key=f"appointment:{booking.pk}:new-for-provider",
        template="checkups_provider_new",
        recipient=booking.psychologist.user,
        due_at=now,
        not_after=booking.starts_at,
        context={**context, "moved": moved},
    )


def booking_reminder_due(booking: Booking) -> dt.datetime:
    """When the reminder goes out: a day before. An appointment booked later gets none."""
    return booking.starts_at - dt.timedelta(hours=24)


def booking_reminder_row(*, booking: Booking, now: dt.datetime) -> dict | None:
    """The 24-hour reminder as a row for `messages_schedule_many`; None when there is none
    (no employee, not booked, or booked within the day)."""
    due_at = booking_reminder_due(booking)
    if booking.employee_id is None or booking.status != Booking.Status.BOOKED or due_at <= now:
        return None
    return {
        "key": reminder_key(booking),
        "template": "checkups_reminder",
        "recipient_id": booking.employee_id,
        "due_at": due_at,
        "not_after": booking.starts_at,
        "context": _booking_context(booking),
    }


def booking_reminder_schedule(*, booking: Booking, now: dt.datetime):
    """The 24-hour reminder; a key per start time, so a moved appointment gets a new one."""
    row = booking_reminder_row(booking=booking, now=now)
    if row is None:
        return None
    del row["recipient_id"]
    return message_schedule(recipient=booking.employee, **row)


def booking_messages_after_cancel(*, booking: Booking, now: dt.datetime, reason: str, offer_slot=None) -> None:
    """Cancel what was pending for the appointment and tell the other party."""
    messages_cancel_prefix(prefix=f"appointment:{booking.pk}:")
    context = {**_booking_context(booking), "reason": reason}
    if offer_slot is not None:
        context["offer_path"] = reverse("checkups:held", args=[offer_slot.pk])
        context["offer_starts_at"] = offer_slot.starts_at.isoformat()
    if booking.employee_id and reason != "rescheduled":
        message_schedule(
            key=f"appointment:{booking.pk}:cancelled:{booking.sequence}",
            template="checkups_cancelled",
            recipient=booking.employee,
            due_at=now,
            urgent=reason != "employee",
            context=context,
            attachments=[invitation_attachment(booking, method="CANCEL")],
        )
    if reason in ("employee", "rescheduled"):
        message_schedule(
            key=f"appointment:{booking.pk}:cancelled-for-provider:{booking.sequence}",
            template="checkups_provider_cancelled",
            recipient=booking.psychologist.user,
            due_at=now,
            not_after=booking.starts_at,
            context=context,
        )


def follow_up_suggestion_schedule(*, booking: Booking, appointment_type, now: dt.datetime):
    # Neither the kind of talk (its slug) nor the psychologist goes into the e-mail's link:
    # the portal finds both from the appointment once the person has logged in.
    path = reverse("checkups:follow_up_next", args=[booking.pk, appointment_type.pk])
    return message_schedule(
        key=f"appointment:{booking.pk}:follow-up-suggestion:{appointment_type.slug}",
        template="checkups_follow_up",
        recipient=booking.employee,
        due_at=now,
        context={"book_path": path},
    )


def wait_offer_schedule(*, offer, now: dt.datetime):
    return message_schedule(
        key=f"waitlist:{offer.entry_id}:offer:{offer.slot_id}",
        template="checkups_waitlist_offer",
        recipient=offer.entry.employee,
        due_at=now,
        not_after=offer.expires_at,
        urgent=True,  # a hold runs out: quiet hours would eat it
        context={
            "starts_at": offer.slot.starts_at.isoformat(),
            "expires_at": offer.expires_at.isoformat(),
            "offer_path": reverse("checkups:held", args=[offer.slot_id]),
        },
    )


def deployment_reminder_schedule(*, deployment, phase: str, due_at, not_after, now: dt.datetime, suffix: str = "first"):
    if not_after <= now:
        return None
    return message_schedule(
        # Every reminder of a phase shares the prefix `...:remind-<phase>:`, which ends at a
        # colon, as the opaque keys need for cancelling a phase's reminders at once.
        key=f"deployment:{deployment.pk}:remind-{phase}:{suffix}",
        template="checkups_deployment_reminder",
        recipient=deployment.employee,
        due_at=max(due_at, now),
        not_after=not_after,
        context={"phase": phase, "book_path": reverse("checkups:start")},
    )
