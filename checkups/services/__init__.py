"""Services of the check-ups app (writes). Import from here: `from checkups.services import booking_create`."""

from .availability import (
    absence_create,
    psychologist_profile_ensure,
    psychologist_profile_save,
    slots_materialise,
    slots_materialise_all,
    slots_rebuild,
    window_create,
    window_delete,
)
from .booking import (
    OpenBooking,
    booking_cancel,
    booking_create,
    booking_mark,
    booking_reschedule,
    follow_up_book,
    follow_up_suggest,
    open_booking_for_secret,
    open_consultation_book,
    reminders_schedule,
    session_note_add,
)
from .deployments import deployment_delete, deployment_register, deployment_status
from .errors import SLOT_TAKEN_MESSAGE, SlotTaken
from .rules import appointment_type_bookable_by
from .waitlist import waitlist_join, waitlist_leave, waitlist_offer_slot, waitlist_process

__all__ = [
    "SLOT_TAKEN_MESSAGE",
    "OpenBooking",
    "SlotTaken",
    "absence_create",
    "appointment_type_bookable_by",
    "booking_cancel",
    "booking_create",
    "booking_mark",
    "booking_reschedule",
    "deployment_delete",
    "deployment_register",
    "deployment_status",
    "follow_up_book",
    "follow_up_suggest",
    "open_booking_for_secret",
    "open_consultation_book",
    "psychologist_profile_ensure",
    "psychologist_profile_save",
    "reminders_schedule",
    "session_note_add",
    "slots_materialise",
    "slots_materialise_all",
    "slots_rebuild",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_offer_slot",
    "waitlist_process",
    "window_create",
    "window_delete",
]
