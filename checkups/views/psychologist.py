"""The psychologist's agenda: by day or week, and the talk itself (outcome, notes, a next talk).

Availability (profile, weekly times, days away) is in availability.py."""

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import agenda as shared_agenda
from core.actions import post_action
from core.audit import audit_record_many

from .. import access, services
from ..forms import (
    AgendaForm,
    FollowUpForm,
    MarkForm,
    NoteForm,
    navigation_limits,
)
from ..models import Booking
from ..selectors import agenda_for, follow_up_times, free_slot_count


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
def agenda(request):
    psychologist = access.psychologist_for_user(request.user)
    tz = timezone.get_current_timezone()
    # A date that is not one, or out of range (9999-12-31), shows today and says why.
    form = AgendaForm(request.GET)
    form.is_valid()
    view = "day" if form.cleaned_data.get("view") == "day" else "week"
    day = form.cleaned_data.get("date") or timezone.localdate()
    earliest, latest = navigation_limits()
    first = day if view == "day" else day - dt.timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(first + dt.timedelta(days=length), dt.time(0), tzinfo=tz)
    bookings = list(agenda_for(psychologist, start=start, end=end))
    # The agenda names each person next to their appointment: each of them may see that it did.
    audit_record_many(
        actor=request.user, action="checkups.agenda.list", shown=[(b, b.employee) for b in bookings if b.employee_id]
    )
    # What other apps add (a group meeting this psychologist leads): read-only, with a link.
    others = shared_agenda.items_for(request.user, start=start, end=end)
    days = []
    for offset in range(length):
        current = first + dt.timedelta(days=offset)
        days.append(
            {
                "day": current,
                "bookings": [b for b in bookings if timezone.localtime(b.starts_at, tz).date() == current],
                "others": [i for i in others if timezone.localtime(i.starts_at, tz).date() == current],
            }
        )
    step = dt.timedelta(days=length)
    return render(
        request,
        "checkups/agenda.html",
        {
            "psychologist": psychologist,
            "days": days,
            "view": view,
            "first": first,
            "previous": (first - step).isoformat() if first - step >= earliest else "",
            "next": (first + step).isoformat() if first + step <= latest else "",
            "date_errors": form.errors.get("date", []),
            "today": timezone.localdate(),
            "free_count": free_slot_count(psychologist, start=start, end=end),
            "has_windows": psychologist.pk is not None and psychologist.windows.exists(),
        },
    )


def _follow_up_form(booking: Booking, data=None) -> FollowUpForm:
    def label(slot):
        return formats.date_format(timezone.localtime(slot.starts_at), "D j M H:i")

    # The service checks that the chosen time fits the kind of talk.
    times = list(follow_up_times(booking.psychologist))
    return FollowUpForm(data, slots=times, time_label=label, initial={"appointment_type": booking.appointment_type})


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
def agenda_booking(request, pk):
    booking = access.booking_for_psychologist(request.user, pk)
    notes = access.notes_for_author(request.user, booking)
    return render(
        request,
        "checkups/agenda_booking.html",
        {
            "booking": booking,
            "notes": notes,
            "mark_form": MarkForm(),
            "note_form": NoteForm(),
            "follow_up_form": _follow_up_form(booking) if booking.employee_id else None,
            "started": booking.starts_at <= timezone.now(),
        },
    )


def _agenda_booking_url(booking: Booking) -> str:
    return reverse("checkups:agenda_booking", args=[booking.pk])


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_mark(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.mark")
    return post_action(
        request,
        lambda outcome: services.booking_mark(booking=booking, outcome=outcome),
        form=MarkForm(request.POST),
        success=_("Saved."),
        then=_agenda_booking_url(booking),
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_note(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.note.add")
    return post_action(
        request,
        lambda text: services.session_note_add(booking=booking, author=request.user, text=text),
        form=NoteForm(request.POST),
        success=_("Note saved. Only you can read it."),
        then=_agenda_booking_url(booking),
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_cancel(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.cancel")
    return post_action(
        request,
        lambda: services.booking_cancel(booking=booking, by=Booking.CancelledBy.PSYCHOLOGIST, reason="psychologist"),
        success=_("The appointment is cancelled and the person has been told."),
        then="checkups:agenda",
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_follow_up(request, pk):
    """Book the next talk for the person in one of the psychologist's own times, or invite them to book it."""
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.follow_up")
    form = _follow_up_form(booking, data=request.POST)

    def follow_up(appointment_type, slot, action):
        if action == "book":
            return services.follow_up_book(booking=booking, slot=form.slots[slot], appointment_type=appointment_type)
        return services.follow_up_suggest(booking=booking, appointment_type=appointment_type)

    return post_action(
        request,
        follow_up,
        form=form,
        success=lambda _result: (
            _("The next talk is booked and the person has been sent an invitation.")
            if form.cleaned_data["action"] == "book"
            else _("The person has been invited to book a next talk.")
        ),
        then=_agenda_booking_url(booking),
    )
