"""Booking, moving and cancelling appointments: the rules that must hold under load.

Every write locks the slot row first (`select_for_update`), then checks, then writes.
The database constraints (one active booking per slot; on PostgreSQL no overlapping
appointments of one psychologist) are the backstop: an IntegrityError or a deadlock
that still reaches us becomes the same "someone just took this time" message.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import phones
from core.errors import DomainError
from notifications.services import messages_schedule_many

from ..models import (
    ALIAS_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SESSION_NOTE_MAX_LENGTH,
    AppointmentType,
    Booking,
    Deployment,
    Mode,
    SessionNote,
    Slot,
    WaitListEntry,
    WaitListOffer,
)
from ..selectors import free_slots
from . import messages
from .deployments import TALKS_AROUND, deployment_phase_booked, deployment_phase_freed
from .errors import SlotTaken
from .rules import appointment_type_bookable_by, slot_held_until
from .waitlist import waitlist_offer_slot

NO_NUMBER_MESSAGE = _(
    "This time is a phone call, and we need a number to call you on. "
    "Please add your number, or choose a time by video or in person."
)
NO_NUMBER_ON_BEHALF_MESSAGE = _(
    "This time is a phone call, and we have no number to call them on. "
    "Please choose a time by video or in person, or let them book it themselves."
)
# PostgreSQL error codes that mean "someone else got there first": deadlock, serialisation, lock.
_RACE_PGCODES = {"40P01", "40001", "55P03"}


def _is_race(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    cause = exc.__cause__
    return getattr(cause, "pgcode", None) in _RACE_PGCODES or getattr(cause, "sqlstate", None) in _RACE_PGCODES


def _check_slot(slot: Slot, appointment_type: AppointmentType, *, now: dt.datetime, user) -> None:
    if slot.status != Slot.Status.OPEN:
        raise DomainError(_("This time is no longer available. Please choose another one."))
    if slot.starts_at <= now + dt.timedelta(minutes=settings.CHECKUPS_MIN_NOTICE_MINUTES):
        raise DomainError(_("This time has passed or starts too soon to book. Please choose a later time."))
    if not slot.appointment_types.filter(pk=appointment_type.pk).exists():
        raise DomainError(_("This time is not for this kind of talk. Please choose a time from the list."))
    if appointment_type.duration_minutes > (slot.ends_at - slot.starts_at).total_seconds() / 60:
        raise DomainError(_("This time is not for this kind of talk. Please choose a time from the list."))
    if not slot.psychologist.active:
        raise DomainError(_("This time is no longer available. Please choose another one."))
    if slot.is_held_against(user, now):
        raise SlotTaken()
    if Booking.objects.filter(slot=slot).exclude(status=Booking.Status.CANCELLED).exists():
        raise SlotTaken()


def _deployment_phase(employee, slot: Slot, appointment_type: AppointmentType, deployment, phase: str):
    """A deployment talk belongs to the employee's deployment and to before, during or after it."""
    if not appointment_type.is_deployment_talk or employee is None:
        return None, ""
    day = timezone.localtime(slot.starts_at, employee.tzinfo).date()
    if deployment is None:
        deployment = (
            Deployment.objects.filter(
                employee=employee,
                starts_on__lte=day + TALKS_AROUND,
                ends_on__gte=day - TALKS_AROUND,
            )
            .order_by("starts_on")
            .first()
        )
    if deployment is None:
        return None, ""
    if not phase:
        if day < deployment.starts_on:
            phase = Booking.Phase.BEFORE
        elif day <= deployment.ends_on:
            phase = Booking.Phase.DURING
        else:
            phase = Booking.Phase.AFTER
    if phase == Booking.Phase.DURING and slot.mode != "video":
        raise DomainError(_("During a deployment, talks are by video. Please choose a video time."))
    return deployment, phase


def _booking_insert(
    *,
    slot: Slot,
    employee,
    appointment_type: AppointmentType,
    note: str = "",
    alias: str = "",
    on_behalf: bool = False,
    referred_by=None,
    follow_up_of=None,
    deployment=None,
    deployment_phase: str = "",
    now: dt.datetime,
    carry_over: Booking | None = None,
    call_number: str | None = None,
) -> Booking:
    """Lock the slot, check every rule, insert. Must run inside a transaction.

    `call_number` (E.164) is kept only for a talk by phone, which is never booked without
    one: a call is promised only when there is a number to call. None carries over the
    number of the appointment being moved.
    """
    slot = Slot.objects.select_for_update(of=("self",)).select_related("psychologist__user", "location").get(pk=slot.pk)
    if employee is None and not alias.strip():
        raise DomainError(_("Please choose a name the psychologist may call you by."))
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(_("Please keep the note short (at most %(n)s characters).") % {"n": NOTE_MAX_LENGTH})
    if carry_over is None and not appointment_type_bookable_by(appointment_type, employee, on_behalf=on_behalf):
        raise DomainError(_("This kind of talk cannot be booked here. Please choose another."))
    _check_slot(slot, appointment_type, now=now, user=employee)
    if call_number is None:
        call_number = carry_over.call_number if carry_over is not None else ""
    call_number = call_number.strip()
    if slot.mode != Mode.PHONE:
        call_number = ""  # nobody calls: the number is not kept
    elif not phones.is_e164(call_number):
        raise DomainError(NO_NUMBER_ON_BEHALF_MESSAGE if on_behalf else NO_NUMBER_MESSAGE)
    ends_at = slot.starts_at + dt.timedelta(minutes=appointment_type.duration_minutes)
    if (
        employee is not None
        and Booking.objects.filter(
            employee=employee, status=Booking.Status.BOOKED, starts_at__lt=ends_at, ends_at__gt=slot.starts_at
        )
        .exclude(pk=getattr(carry_over, "pk", None))
        .exists()
    ):
        raise DomainError(_("You already have an appointment at this time."))
    deployment, deployment_phase = _deployment_phase(employee, slot, appointment_type, deployment, deployment_phase)
    booking = Booking(
        slot=slot,
        psychologist=slot.psychologist,
        appointment_type=appointment_type,
        employee=employee,
        alias=alias.strip()[:ALIAS_MAX_LENGTH],
        starts_at=slot.starts_at,
        ends_at=ends_at,
        mode=slot.mode,
        location=slot.location,
        note=note.strip(),
        call_number=call_number,
        referred_by=referred_by,
        follow_up_of=follow_up_of,
        deployment=deployment,
        deployment_phase=deployment_phase,
    )
    if carry_over is not None:
        booking.uid = carry_over.uid
        booking.sequence = carry_over.sequence + 1
        booking.rescheduled_from = carry_over
        booking.manage_token_hash = carry_over.manage_token_hash
        booking.manage_code_hash = carry_over.manage_code_hash
        booking.referred_by = carry_over.referred_by
        booking.follow_up_of = carry_over.follow_up_of
    booking.save()
    if slot.held_until is not None:
        Slot.objects.filter(pk=slot.pk).update(held_for=None, held_until=None)
    if employee is not None:
        WaitListOffer.objects.filter(slot=slot, status=WaitListOffer.Status.OPEN, entry__employee=employee).update(
            status=WaitListOffer.Status.ACCEPTED
        )
        WaitListEntry.objects.filter(
            employee=employee, appointment_type=appointment_type, status=WaitListEntry.Status.WAITING
        ).update(status=WaitListEntry.Status.BOOKED)
    WaitListOffer.objects.filter(slot=slot, status=WaitListOffer.Status.OPEN).update(
        status=WaitListOffer.Status.WITHDRAWN
    )
    if deployment is not None:
        deployment_phase_booked(deployment=deployment, phase=deployment_phase)
    messages.booking_messages_after_create(booking=booking, now=now, moved=carry_over is not None)
    return booking


def _race_safe(func):
    """Run `func` in its own transaction; a lost race becomes SlotTaken, never a 500."""
    try:
        with transaction.atomic():
            return func()
    except (IntegrityError, OperationalError) as exc:
        if not _is_race(exc):
            raise
        raise SlotTaken() from exc


def booking_create(
    *,
    slot: Slot,
    employee,
    appointment_type: AppointmentType,
    note: str = "",
    referred_by=None,
    follow_up_of: Booking | None = None,
    deployment: Deployment | None = None,
    deployment_phase: str = "",
    call_number: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Book `slot` for `employee` (a User) as `appointment_type`; returns the new Booking.

    The public entry point for booking, also for other apps:
    - `referred_by`: the professional (e.g. a peer supporter) booking on the employee's
      behalf; such a booking may use types that are "only by referral".
    - `follow_up_of`: the earlier booking this one follows (a psychologist's follow-up).
    - `deployment`/`deployment_phase`: for deployment talks; found from the date if omitted.
    - `call_number`: the number (E.164) to call for a talk by phone; required for one.
    Sends the confirmation with an iCalendar invitation and schedules the 24-hour reminder.
    Raises `core.errors.DomainError` (or its subclass `SlotTaken`) whose `.message` is for the person.
    """
    now = now or timezone.now()
    if employee is None:
        raise DomainError(_("Please log in to book, or use the open consultation."))
    return _race_safe(
        lambda: _booking_insert(
            slot=slot,
            employee=employee,
            appointment_type=appointment_type,
            note=note,
            on_behalf=referred_by is not None or follow_up_of is not None,
            referred_by=referred_by,
            follow_up_of=follow_up_of,
            deployment=deployment,
            deployment_phase=deployment_phase,
            call_number=call_number,
            now=now,
        )
    )


@dataclass
class OpenBooking:
    booking: Booking
    token: str  # for the secret link, shown once
    code: str  # to write down, shown once


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _secret_hash(value: str) -> str:
    normalised = value.strip().upper().replace("-", "").replace(" ", "")
    return hmac.new(settings.SECRET_KEY.encode(), f"checkups:{normalised}".encode(), hashlib.sha256).hexdigest()


def open_consultation_book(
    *,
    slot: Slot,
    appointment_type: AppointmentType,
    alias: str,
    note: str = "",
    call_number: str = "",
    now: dt.datetime | None = None,
) -> OpenBooking:
    """Book without a name: no user is stored, only the alias and hashes of the secret link and code.

    Written in a transaction of its own that touches nothing naming the booker (only the
    psychologist's notice, who is on the booking anyway), so no row written with it, and
    no transaction id (xmin) shared with it, ties the booking to who made it. What a
    database administrator could still do is compare `created_at` with other activity of
    the same minute (e.g. session rows of a logged-in visitor); the booking's transaction
    therefore writes nothing about the visitor.
    """
    now = now or timezone.now()
    if not appointment_type.allows_open_consultation:
        raise DomainError(_("This kind of talk cannot be booked without your name."))
    token = secrets.token_urlsafe(24)
    raw_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    code = "-".join(raw_code[i : i + 4] for i in range(0, 12, 4))

    def insert():
        booking = _booking_insert(
            slot=slot,
            employee=None,
            appointment_type=appointment_type,
            note=note,
            alias=alias,
            call_number=call_number,
            now=now,
        )
        booking.manage_token_hash = _secret_hash(token)
        booking.manage_code_hash = _secret_hash(raw_code)
        booking.save(update_fields=["manage_token_hash", "manage_code_hash"])
        return booking

    return OpenBooking(booking=_race_safe(insert), token=token, code=code)


def open_booking_for_secret(*, token: str = "", code: str = "", code_hash: str = "") -> Booking | None:
    """The current (not moved-away) booking for a secret link, a written-down code, or the
    hash of that code (as remembered for a browser that gave it)."""
    secret = token or code
    if code_hash:
        field, value = "manage_code_hash", code_hash
    elif not secret or len(secret) > 64:
        return None
    else:
        field, value = ("manage_token_hash" if token else "manage_code_hash"), _secret_hash(secret)
    return (
        Booking.objects.filter(**{field: value}, employee__isnull=True)
        .exclude(status=Booking.Status.CANCELLED, cancelled_by=Booking.CancelledBy.RESCHEDULED)
        .select_related("psychologist__user", "appointment_type", "location")
        .order_by("-pk")
        .first()
    )


def _replacement_offer(booking: Booking, *, now: dt.datetime) -> Slot | None:
    """After an absence: hold the first free time of the same kind for this person."""
    if booking.employee_id is None:
        return None
    # The absent days' slots are closed already, so every free slot is a real alternative.
    candidates = free_slots(appointment_type=booking.appointment_type, user=booking.employee, now=now).order_by(
        "starts_at"
    )
    slot = candidates.filter(mode=booking.mode).first() or candidates.first()
    if slot is None:
        return None
    Slot.objects.filter(pk=slot.pk).update(held_for=booking.employee, held_until=slot_held_until(slot, now=now))
    return slot


def _after_cutoff_message(booking: Booking):
    """Whom to call instead; the number is a tap-to-call link (the message is shown as HTML)."""
    number = booking.psychologist.phone_for_changes
    if number:
        text = conditional_escape(
            _(
                "It is less than %(hours)s hours before your appointment, so it can no longer be changed here. "
                "Please call %(phone)s."
            )
        )
        # Safe: the sentence is escaped above and the link escapes the number.
        return mark_safe(text % {"hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS, "phone": phones.tel_link(number)})
    return _(
        "It is less than %(hours)s hours before your appointment, so it can no longer be changed here. "
        "Please call the person you have the appointment with."
    ) % {"hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS}


@transaction.atomic
def booking_cancel(*, booking: Booking, by: str, now: dt.datetime | None = None, reason: str = "") -> Booking:
    """Cancel an appointment. `by` is a `Booking.CancelledBy`; employees must be before the cut-off.

    The other party is told, the calendar event is withdrawn (METHOD:CANCEL, same UID,
    higher SEQUENCE), and the freed time goes to the first person on the wait list.
    """
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("employee", "psychologist__user", "location", "appointment_type")
        .get(pk=booking.pk)
    )
    if booking.status != Booking.Status.BOOKED:
        raise DomainError(_("This appointment can no longer be cancelled."))
    if by == Booking.CancelledBy.EMPLOYEE and not booking.can_be_changed_by_employee(now):
        raise DomainError(_after_cutoff_message(booking))
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_by = by
    booking.cancelled_at = now
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "sequence"])
    reason = reason or by
    offer = _replacement_offer(booking, now=now) if reason == "absence" else None
    messages.booking_messages_after_cancel(booking=booking, now=now, reason=reason, offer_slot=offer)
    if booking.deployment_id:
        deployment_phase_freed(booking=booking, now=now)
    if reason != "absence":
        waitlist_offer_slot(slot=booking.slot, now=now)
    return booking


def booking_reschedule(
    *,
    booking: Booking,
    new_slot: Slot,
    by: str = Booking.CancelledBy.EMPLOYEE,
    call_number: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Move an appointment to `new_slot`: the same calendar UID with a higher SEQUENCE.

    `call_number` replaces the number to call (None keeps it); the old row keeps no copy.

    All or nothing: if the new time was just taken, the old appointment stays as it was.
    Locks the old booking, then both slots in id order, so two moves never deadlock.
    """
    now = now or timezone.now()

    def move():
        old = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("employee", "psychologist__user", "appointment_type")
            .get(pk=booking.pk)
        )
        if old.status != Booking.Status.BOOKED:
            raise DomainError(_("This appointment can no longer be moved."))
        if by == Booking.CancelledBy.EMPLOYEE and not old.can_be_changed_by_employee(now):
            raise DomainError(_after_cutoff_message(old))
        if new_slot.pk == old.slot_id:
            raise DomainError(_("This is the time you already have. Please choose another one."))
        list(Slot.objects.select_for_update().filter(pk__in=[old.slot_id, new_slot.pk]).order_by("pk"))
        old.status = Booking.Status.CANCELLED
        old.cancelled_by = Booking.CancelledBy.RESCHEDULED
        old.cancelled_at = now
        old.save(update_fields=["status", "cancelled_by", "cancelled_at"])
        messages.booking_messages_after_cancel(booking=old, now=now, reason="rescheduled")
        new = _booking_insert(
            slot=new_slot,
            employee=old.employee,
            appointment_type=old.appointment_type,
            note=old.note,
            alias=old.alias,
            deployment=old.deployment if old.deployment_id else None,
            now=now,
            carry_over=old,
            call_number=call_number,
        )
        Booking.objects.filter(pk=old.pk).update(manage_token_hash="", manage_code_hash="", call_number="")
        waitlist_offer_slot(slot=old.slot, now=now)
        return new

    return _race_safe(move)


@transaction.atomic
def booking_mark(*, booking: Booking, outcome: str, now: dt.datetime | None = None) -> Booking:
    """The psychologist records whether the talk took place (completed) or not (no-show)."""
    now = now or timezone.now()
    if outcome not in (Booking.Status.COMPLETED, Booking.Status.NO_SHOW):
        raise DomainError(_("Choose whether the talk took place."))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise DomainError(_("This appointment was cancelled."))
    if booking.starts_at > now:
        raise DomainError(_("You can record this once the appointment has started."))
    booking.status = outcome
    booking.save(update_fields=["status"])
    if booking.deployment_id and outcome == Booking.Status.NO_SHOW:
        deployment_phase_freed(booking=booking, now=now)
    return booking


def session_note_add(*, booking: Booking, author, text: str) -> SessionNote:
    text = text.strip()
    if not text:
        raise DomainError(_("The note is empty."))
    if len(text) > SESSION_NOTE_MAX_LENGTH:
        raise DomainError(_("Please keep notes short (at most %(n)s characters).") % {"n": SESSION_NOTE_MAX_LENGTH})
    if booking.psychologist.user_id != author.pk:
        raise DomainError(_("Only the psychologist of this appointment can write notes on it."))
    return SessionNote.objects.create(booking=booking, author=author, text=text)


def follow_up_book(
    *, booking: Booking, slot: Slot, appointment_type: AppointmentType, now: dt.datetime | None = None
) -> Booking:
    """The psychologist books the next talk for the same person."""
    if booking.employee_id is None:
        raise DomainError(_("An open consultation has no name: the person books the next talk themselves."))
    if slot.psychologist_id != booking.psychologist_id:
        raise DomainError(_("Choose one of your own times."))
    # A next call goes to the number the person gave for this talk (if it was by phone).
    return booking_create(
        slot=slot,
        employee=booking.employee,
        appointment_type=appointment_type,
        follow_up_of=booking,
        call_number=booking.call_number,
        now=now,
    )


def follow_up_suggest(*, booking: Booking, appointment_type: AppointmentType, now: dt.datetime | None = None):
    """Invite the person to book a next talk themselves (an e-mail with a link, nothing more)."""
    if booking.employee_id is None:
        raise DomainError(_("An open consultation has no name: tell the person in the talk instead."))
    return messages.follow_up_suggestion_schedule(
        booking=booking, appointment_type=appointment_type, now=now or timezone.now()
    )


def reminders_schedule(*, now: dt.datetime | None = None) -> int:
    """The hourly scan: make sure every appointment in the next two days has its reminder row.

    Idempotent by key (`appointment:<id>:reminder-24h:<start>`): running it twice, or
    after the booking already scheduled it, makes nothing twice. In bulk: one query for the
    appointments and one INSERT per 2,000 reminders, whatever their number.
    """
    now = now or timezone.now()
    upcoming = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        employee__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=48),
    )
    rows = [row for booking in upcoming if (row := messages.booking_reminder_row(booking=booking, now=now))]
    messages_schedule_many(rows=rows)
    return len(rows)
