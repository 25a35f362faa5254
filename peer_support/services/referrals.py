"""Referring someone on. For a psychologist the supporter can book a check-up on the
person's behalf through the check-up app's public booking service; the booking itself,
its confirmation and reminders belong to `checkups`."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Referral, SupportRequest
from . import SupportError
from . import requests as request_services


def bookable_types(*, person):
    """Appointment types a supporter may book for `person` (including "by referral only")."""
    from checkups.models import AppointmentType
    from checkups.services.booking import appointment_type_bookable_by

    types = AppointmentType.objects.filter(active=True).prefetch_related("units")
    return [t for t in types if appointment_type_bookable_by(t, person, on_behalf=True)]


def free_slots_for(*, appointment_type, now=None, days: int = 21, limit: int = 30):
    from checkups.selectors import free_slots

    now = now or timezone.now()
    return list(
        free_slots(appointment_type=appointment_type, now=now, end=now + dt.timedelta(days=days))
        .select_related("psychologist", "location")
        .order_by("starts_at")[:limit]
    )


def referral_make(
    *, request: SupportRequest, supporter, kind: str, slot=None, appointment_type=None, now=None
) -> Referral:
    """Record a referral; for a psychologist booked on their behalf, book the slot too.
    Both happen in one transaction: no referral without its booking, or the reverse."""
    if kind != Referral.Kind.PSYCHOLOGIST_BOOKED:
        return request_services.support_request_refer(request=request, supporter=supporter, kind=kind, now=now)
    if slot is None or appointment_type is None:
        raise SupportError(_("Choose a time for the talk."))
    if appointment_type not in bookable_types(person=request.requester):
        raise SupportError(_("This kind of talk cannot be booked for this colleague."))
    from checkups.services.booking import booking_create
    from checkups.services.errors import BookingError

    with transaction.atomic():
        referral = request_services.support_request_refer(request=request, supporter=supporter, kind=kind, now=now)
        try:
            booking = booking_create(
                slot=slot, employee=request.requester, appointment_type=appointment_type, referred_by=supporter, now=now
            )
        except BookingError as error:
            raise SupportError(str(error.message)) from error
        referral.booking_id = booking.pk
        referral.save(update_fields=["booking_id"])
    return referral
