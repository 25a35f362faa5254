"""The wait list: when nothing is free in the next two weeks, the first time that opens is offered.

An offer holds the slot for one person for `CHECKUPS_HOLD_HOURS`; if they do not take
it, it goes to the next person in the order they joined.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from ..models import AppointmentType, Booking, Slot, WaitListEntry, WaitListOffer
from ..selectors import free_slots
from . import messages
from .rules import appointment_type_bookable_by, slot_held_until

WAIT_HORIZON_DAYS = 14
ENTRY_LIFETIME_DAYS = 60


def waitlist_join(
    *,
    employee,
    appointment_type: AppointmentType,
    language: str = "",
    mode: str = "",
    location=None,
    now: dt.datetime | None = None,
) -> WaitListEntry:
    now = now or timezone.now()
    if not appointment_type_bookable_by(appointment_type, employee):
        raise DomainError(_("This kind of talk cannot be booked here. Please choose another."))
    free = free_slots(
        appointment_type=appointment_type,
        language=language,
        mode=mode,
        location=location,
        user=employee,
        now=now,
        end=now + dt.timedelta(days=WAIT_HORIZON_DAYS),
    )
    if free.exists():
        raise DomainError(_("There are free times in the next two weeks: please choose one of them."))
    existing = WaitListEntry.objects.filter(
        employee=employee, appointment_type=appointment_type, status=WaitListEntry.Status.WAITING
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return WaitListEntry.objects.create(
                employee=employee,
                appointment_type=appointment_type,
                language=language,
                mode=mode,
                location=location,
                created_at=now,
            )
    except IntegrityError:  # joined twice at once
        return WaitListEntry.objects.get(
            employee=employee, appointment_type=appointment_type, status=WaitListEntry.Status.WAITING
        )


@transaction.atomic
def waitlist_leave(*, entry: WaitListEntry) -> None:
    WaitListEntry.objects.filter(pk=entry.pk, status=WaitListEntry.Status.WAITING).update(
        status=WaitListEntry.Status.WITHDRAWN
    )
    for offer in WaitListOffer.objects.filter(entry=entry, status=WaitListOffer.Status.OPEN):
        offer.status = WaitListOffer.Status.WITHDRAWN
        offer.save(update_fields=["status"])
        Slot.objects.filter(pk=offer.slot_id, held_for=entry.employee).update(held_for=None, held_until=None)


def _entry_fits(entry: WaitListEntry, slot: Slot) -> bool:
    if entry.mode and entry.mode != slot.mode:
        return False
    if entry.location_id and entry.location_id != slot.location_id:
        return False
    if entry.language and entry.language not in slot.psychologist.language_codes:
        return False
    return True


@transaction.atomic
def waitlist_offer_slot(*, slot: Slot, now: dt.datetime | None = None) -> WaitListOffer | None:
    """Offer a freed slot to the first fitting person on the wait list, holding it for them."""
    now = now or timezone.now()
    slot = Slot.objects.select_for_update(of=("self",)).select_related("psychologist").get(pk=slot.pk)
    earliest = now + dt.timedelta(minutes=settings.CHECKUPS_MIN_NOTICE_MINUTES)
    if slot.status != Slot.Status.OPEN or slot.starts_at <= earliest:
        return None
    if slot.held_until and slot.held_until > now:
        return None
    if Booking.objects.filter(slot=slot).exclude(status=Booking.Status.CANCELLED).exists():
        return None
    type_ids = set(slot.appointment_types.values_list("pk", flat=True))
    busy_entries = WaitListOffer.objects.filter(status=WaitListOffer.Status.OPEN, expires_at__gt=now).values("entry")
    candidates = (
        WaitListEntry.objects.filter(status=WaitListEntry.Status.WAITING, appointment_type_id__in=type_ids)
        .exclude(offers__slot=slot)
        .exclude(pk__in=busy_entries)
        .exclude(employee__is_active=False)
        .select_related("employee")
        .order_by("created_at", "pk")
    )
    entry = next((e for e in candidates if _entry_fits(e, slot)), None)
    if entry is None:
        return None
    expires_at = slot_held_until(slot, now=now)
    offer = WaitListOffer.objects.create(entry=entry, slot=slot, offered_at=now, expires_at=expires_at)
    Slot.objects.filter(pk=slot.pk).update(held_for=entry.employee, held_until=expires_at)
    messages.wait_offer_schedule(offer=offer, now=now)
    return offer


def waitlist_process(*, now: dt.datetime | None = None) -> dict:
    """The beat job: expire offers not taken (and pass the slot on), match waiting people to
    times that opened, and close entries that have waited too long."""
    now = now or timezone.now()
    expired = 0
    for offer in WaitListOffer.objects.filter(status=WaitListOffer.Status.OPEN, expires_at__lte=now).select_related(
        "entry"
    ):
        with transaction.atomic():
            WaitListOffer.objects.filter(pk=offer.pk).update(status=WaitListOffer.Status.EXPIRED)
            Slot.objects.filter(pk=offer.slot_id, held_for=offer.entry.employee_id).update(
                held_for=None, held_until=None
            )
        expired += 1
        waitlist_offer_slot(slot=offer.slot, now=now)
    offered = 0
    busy_entries = WaitListOffer.objects.filter(status=WaitListOffer.Status.OPEN).values("entry")
    for entry in (
        WaitListEntry.objects.filter(status=WaitListEntry.Status.WAITING)
        .exclude(pk__in=busy_entries)
        .select_related("appointment_type", "employee", "location")
    ):
        slots = (
            free_slots(
                appointment_type=entry.appointment_type,
                language=entry.language,
                mode=entry.mode,
                location=entry.location,
                user=None,
                now=now,
                end=now + dt.timedelta(days=WAIT_HORIZON_DAYS),
            )
            .exclude(wait_offers__entry=entry)
            .order_by("starts_at")
        )
        for slot in slots[:3]:
            offer = waitlist_offer_slot(slot=slot, now=now)
            if offer is not None:
                offered += 1
                break
    closed = WaitListEntry.objects.filter(
        status=WaitListEntry.Status.WAITING, created_at__lt=now - dt.timedelta(days=ENTRY_LIFETIME_DAYS)
    ).update(status=WaitListEntry.Status.EXPIRED)
    return {"expired_offers": expired, "offered": offered, "closed_entries": closed}
