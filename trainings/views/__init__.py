from .employee import accept, cancel, course, courses, enrol, invitation, mine
from .officer import (
    course_edit,
    manage,
    requirement_add,
    requirement_delete,
    session_cancel,
    session_edit,
    session_new,
    status,
    status_course,
)
from .trainer import attendance, participants, teaching

__all__ = [
    "accept",
    "attendance",
    "cancel",
    "course",
    "course_edit",
    "courses",
    "enrol",
    "invitation",
    "manage",
    "mine",
    "participants",
    "requirement_add",
    "requirement_delete",
    "session_cancel",
    "session_edit",
    "session_new",
    "status",
    "status_course",
    "teaching",
]
