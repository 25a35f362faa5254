"""Rules that booking and the wait list both ask, kept apart so neither has to import the other."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..models import AppointmentType, Deployment, Slot
from .deployments import TALKS_AROUND


def appointment_type_bookable_by(appointment_type: AppointmentType, employee, *, on_behalf: bool = False) -> bool:
    """Whether `employee` may have this type (on_behalf: booked for them by a professional)."""
    if not appointment_type.active:
        return False
    if employee is None:
        return appointment_type.allows_open_consultation
    rule = appointment_type.bookable_by
    if rule == AppointmentType.BookableBy.EVERYONE:
        return True
    if rule == AppointmentType.BookableBy.REFERRAL:
        return on_behalf
    if rule == AppointmentType.BookableBy.DEPLOYED:
        return (
            on_behalf
            or Deployment.objects.filter(employee=employee, ends_on__gte=timezone.localdate() - TALKS_AROUND).exists()
        )
    if rule == AppointmentType.BookableBy.UNITS:
        if on_behalf:
            return True
        if employee.unit_id is None:
            return False
        return any(employee.unit.path.startswith(unit.path) for unit in appointment_type.units.all())
    return False


def slot_held_until(slot: Slot, *, now: dt.datetime) -> dt.datetime:
    """How long a time is kept for one person (a wait-list offer, a new time after an absence):
    CHECKUPS_HOLD_HOURS, and never past the last moment it can still be booked."""
    return min(
        now + dt.timedelta(hours=settings.CHECKUPS_HOLD_HOURS),
        slot.starts_at - dt.timedelta(minutes=settings.CHECKUPS_MIN_NOTICE_MINUTES),
    )
