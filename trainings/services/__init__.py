"""The writes of the trainings app, for views, tasks and other apps alike."""

from .attendance import attendance_mark
from .enrolment import (
    OFFER_HOURS,
    cancel_deadline,
    enrolment_cancel,
    enrolment_create,
    offer_accept,
    seats_offer,
    seats_taken,
    too_late_message,
    waitlist_process,
)
from .requirements import requirement_reminders_send
from .sessions import requirement_remove, requirement_set, session_cancel, session_create, session_update

__all__ = [
    "OFFER_HOURS",
    "attendance_mark",
    "cancel_deadline",
    "enrolment_cancel",
    "enrolment_create",
    "offer_accept",
    "requirement_reminders_send",
    "requirement_remove",
    "requirement_set",
    "seats_offer",
    "seats_taken",
    "session_cancel",
    "session_create",
    "session_update",
    "too_late_message",
    "waitlist_process",
]
