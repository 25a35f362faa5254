"""Referring someone on, from a request or from a follow-up plan. For a psychologist the
supporter can book a check-up on the person's behalf through the check-up app's public
booking service; the booking, its confirmation and reminders belong to `checkups`."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from notifications.services import message_schedule

from ..models import FollowUpPlan, Referral, SupportRequest
from . import SupportError
from .requests import require_assignee


def booking_path() -> str:
    """Where an employee books a talk with a psychologist themselves."""
    return reverse("checkups:start")


def bookable_types(*, person):
    """Appointment types a supporter may book for `person` (including "by referral only")."""
    from checkups.models import AppointmentType
    from checkups.services import appointment_type_bookable_by

    types = AppointmentType.objects.filter(active=True).prefetch_related("units")
    return [t for t in types if appointment_type_bookable_by(t, person, on_behalf=True)]


def free_slots_for(*, appointment_type, now=None, days: int = 21, limit: int = 30):
    from checkups.selectors import free_slots

    now = now or timezone.now()
    return list(
        free_slots(appointment_type=appointment_type, now=now, end=now + dt.timedelta(days=days))
        .select_related("psychologist__user", "location")
        .order_by("starts_at")[:limit]
    )


def is_phone(slot) -> bool:
    from checkups.models import Mode

    return slot.mode == Mode.PHONE


def number_given(request: SupportRequest) -> str:
    """The number the colleague gave to be called on when they asked, if it is one."""
    from checkups.phone import is_e164

    detail = request.contact_detail or ""
    return detail if request.contact_method == SupportRequest.Contact.PHONE and is_e164(detail) else ""


def call_number_for(*, slot, person, number: str) -> str:
    """The number (E.164) the psychologist calls for a time by phone; "" for other times."""
    from django.core.exceptions import ValidationError

    from checkups.phone import number_normalise, region_for_user

    if not is_phone(slot):
        return ""
    try:
        normalised = number_normalise(number, region=region_for_user(person))
    except ValidationError as error:
        raise SupportError(error.messages[0]) from None
    if not normalised:
        raise SupportError(
            _(
                "This time is a phone call: give the number your colleague wants to be called on, "
                "or choose another time."
            )
        )
    return normalised


def referral_person(*, supporter, request: SupportRequest | None = None, plan: FollowUpPlan | None = None):
    """Who is referred, after checking that `supporter` is the one helping them."""
    if request is not None:
        require_assignee(request, supporter)
        return request.requester
    if plan is None or plan.supporter_id != supporter.pk:
        raise SupportError(_("Only the colleague handling this request can do that."))
    if plan.declined:
        raise SupportError(_("This colleague said no to follow-up."))
    return plan.person


def referral_make(
    *,
    supporter,
    kind: str,
    request: SupportRequest | None = None,
    plan: FollowUpPlan | None = None,
    slot=None,
    appointment_type=None,
    call_number: str = "",
    now=None,
) -> Referral:
    """Record a referral; for a psychologist booked on their behalf, book the slot too.
    Both happen in one transaction: no referral without its booking, or the reverse.

    The referral writes its one line in the person's access log here, once it exists: the
    pages on the way (choosing a kind of talk, a time) are views, logged as such."""
    now = now or timezone.now()
    person = referral_person(supporter=supporter, request=request, plan=plan)
    booked = kind == Referral.Kind.PSYCHOLOGIST_BOOKED
    if booked:
        if slot is None or appointment_type is None:
            raise SupportError(_("Choose a time for the talk."))
        if appointment_type not in bookable_types(person=person):
            raise SupportError(_("This kind of talk cannot be booked for this colleague."))
    with transaction.atomic():
        referral = Referral.objects.create(request=request, plan=plan, person=person, kind=kind, referred_by=supporter)
        audit_record(
            actor=supporter,
            action="support_request.refer" if request is not None else "follow_up_plan.refer",
            obj=request if request is not None else plan,
            subject=person,
        )
        if booked:
            from checkups.services import booking_create
            from core.errors import DomainError

            try:
                booking = booking_create(
                    slot=slot,
                    employee=person,
                    appointment_type=appointment_type,
                    referred_by=supporter,
                    call_number=call_number,
                    now=now,
                )
            except DomainError as error:
                raise SupportError(str(error.message)) from error
            referral.booking_id = booking.pk
            referral.save(update_fields=["booking_id"])
        elif kind == Referral.Kind.PSYCHOLOGIST_SELF:
            message_schedule(
                key=f"ps:referral:{referral.pk}:book-yourself",
                template="peer_support_book_yourself",
                recipient=person,
                due_at=now,
                context={"path": booking_path()},
            )
    return referral
