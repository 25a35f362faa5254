"""Referring someone on, from a request or from a follow-up plan. For a psychologist the
supporter can book a check-up on the person's behalf through the check-up app's public
booking service; the booking, its confirmation and reminders belong to `checkups`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from checkups.models import Mode
from checkups.services import booking_create
from core import phones
from core.audit import audit_record
from core.errors import DomainError
from notifications.services import message_schedule

from ..models import FollowUpPlan, Referral, SupportRequest
from ..selectors import referral_appointment_types
from .requests import assignee_check


def booking_path() -> str:
    """Where an employee books a talk with a psychologist themselves."""
    return reverse("checkups:start")


def _call_number(*, slot, person, number: str) -> str:
    """The number (E.164) the psychologist calls for a time by phone; "" for other times."""
    if slot.mode != Mode.PHONE:
        return ""
    try:
        normalised = phones.number_normalise(number, regions=phones.regions_for_user(person))
    except ValidationError as error:
        raise DomainError(error.messages[0]) from None
    if not normalised:
        raise DomainError(
            _(
                "This time is a phone call: give the number your colleague wants to be called on, "
                "or choose another time."
            )
        )
    return normalised


def _referred_person(*, supporter, support_request: SupportRequest | None = None, plan: FollowUpPlan | None = None):
    """Who is referred, after checking that `supporter` is the one helping them."""
    if support_request is not None:
        assignee_check(support_request=support_request, user=supporter)
        return support_request.requester
    if plan is None or plan.supporter_id != supporter.pk:
        raise DomainError(_("Only the colleague handling this request can do that."))
    if plan.declined:
        raise DomainError(_("This colleague said no to follow-up."))
    return plan.person


def referral_make(
    *,
    supporter,
    kind: str,
    support_request: SupportRequest | None = None,
    plan: FollowUpPlan | None = None,
    slot=None,
    appointment_type=None,
    call_number: str = "",
    now=None,
) -> Referral:
    """Record a referral; for a psychologist booked on their behalf, book the slot too, with
    `call_number` (as the supporter typed it) for a time by phone. Both happen in one
    transaction: no referral without its booking, or the reverse.

    The referral writes its one line in the person's access log here, once it exists: the
    pages on the way (choosing a kind of talk, a time) are views, logged as such."""
    now = now or timezone.now()
    person = _referred_person(supporter=supporter, support_request=support_request, plan=plan)
    booked = kind == Referral.Kind.PSYCHOLOGIST_BOOKED
    if booked:
        if slot is None or appointment_type is None:
            raise DomainError(_("Choose a time for the talk."))
        if appointment_type not in referral_appointment_types(person=person):
            raise DomainError(_("This kind of talk cannot be booked for this colleague."))
        call_number = _call_number(slot=slot, person=person, number=call_number)
    with transaction.atomic():
        referral = Referral.objects.create(
            request=support_request, plan=plan, person=person, kind=kind, referred_by=supporter
        )
        audit_record(
            actor=supporter,
            action="support_request.refer" if support_request is not None else "follow_up_plan.refer",
            obj=support_request if support_request is not None else plan,
            subject=person,
        )
        if booked:
            # A refusal of the booking (a DomainError) rolls the referral back with it.
            booking = booking_create(
                slot=slot,
                employee=person,
                appointment_type=appointment_type,
                referred_by=supporter,
                call_number=call_number,
                now=now,
            )
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
