"""The psychologist's side: agenda by day or week, the talk itself, availability."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import post_action
from core.audit import audit_record_many
from core.errors import DomainError

from .. import access, services
from ..forms import (
    AbsenceForm,
    AgendaForm,
    FollowUpForm,
    MarkForm,
    NoteForm,
    ProfileForm,
    WindowForm,
    navigation_limits,
)
from ..models import Booking
from ..selectors import absences_ahead, agenda_for, follow_up_times, free_slot_count, windows_of


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
    days = []
    for offset in range(length):
        current = first + dt.timedelta(days=offset)
        days.append(
            {"day": current, "bookings": [b for b in bookings if timezone.localtime(b.starts_at, tz).date() == current]}
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


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_http_methods(["GET", "POST"])
def availability(request):
    psychologist = access.psychologist_for_user(request.user)
    profile_form = ProfileForm(
        request.POST if request.POST.get("form") == "profile" else None, instance=psychologist, prefix="profile"
    )
    window_form = WindowForm(
        request.POST if request.POST.get("form") == "window" else None, psychologist=psychologist, prefix="window"
    )
    absence_form = AbsenceForm(request.POST if request.POST.get("form") == "absence" else None, prefix="absence")
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "profile" and profile_form.is_valid():
            data = dict(profile_form.cleaned_data)
            services.psychologist_profile_save(psychologist=psychologist, languages=data.pop("language_list"), **data)
            messages.success(request, _("Your profile is saved."))
            return redirect("checkups:availability")
        if which == "window" and window_form.is_valid():
            data = window_form.cleaned_data
            try:
                services.window_create(
                    psychologist=psychologist,
                    weekday=data["weekday"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    slot_minutes=data["slot_minutes"],
                    mode=data["mode"],
                    location=data.get("location"),
                    appointment_types=data["appointment_types"],
                    valid_from=data.get("valid_from"),
                    valid_until=data.get("valid_until"),
                )
            except DomainError as error:
                window_form.add_error(None, error.message)
            else:
                messages.success(request, _("Your availability is saved and the times are open for booking."))
                return redirect("checkups:availability")
        if which == "absence" and absence_form.is_valid():
            data = absence_form.cleaned_data
            try:
                _absence, cancelled = services.absence_create(
                    psychologist=psychologist,
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    kind=data["kind"],
                )
            except DomainError as error:
                absence_form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Saved. %(n)s appointment(s) on these days were cancelled; each person was offered a new time.")
                    % {"n": len(cancelled)},
                )
                return redirect("checkups:availability")
    return render(
        request,
        "checkups/availability.html",
        {
            "psychologist": psychologist,
            "profile_form": profile_form,
            "window_form": window_form,
            "absence_form": absence_form,
            "windows": windows_of(psychologist),
            "absences": absences_ahead(psychologist),
        },
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def window_delete(request, pk):
    window = access.window_for_psychologist(request.user, pk)
    return post_action(
        request,
        lambda: services.window_delete(window=window),
        success=_("Removed. Talks already booked in it stay in your agenda."),
        then="checkups:availability",
    )
