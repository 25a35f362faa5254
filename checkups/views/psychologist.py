"""The psychologist's side: agenda by day or week, the talk itself, availability."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

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
from ..models import Booking, Slot
from ..selectors import absences_ahead, active_booking_exists, agenda_for, free_slot_count, windows_of


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


def _follow_up_form(request, booking: Booking, data=None):
    # The psychologist's own free times; the service checks that the chosen one fits the type.
    own = (
        Slot.objects.filter(
            psychologist=booking.psychologist,
            status=Slot.Status.OPEN,
            starts_at__gt=timezone.now() + dt.timedelta(hours=1),
        )
        .filter(~active_booking_exists())
        .order_by("starts_at")[:40]
    )

    def label(slot):
        return formats.date_format(timezone.localtime(slot.starts_at), "D j M H:i")

    return FollowUpForm(data, slots=list(own), time_label=label, initial={"appointment_type": booking.appointment_type})


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
            "follow_up_form": _follow_up_form(request, booking) if booking.employee_id else None,
            "started": booking.starts_at <= timezone.now(),
        },
    )


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_mark(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.mark")
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.booking_mark(booking=booking, outcome=form.cleaned_data["outcome"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose whether the talk took place."))
    return redirect("checkups:agenda_booking", pk=booking.pk)


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_note(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.note.add")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.session_note_add(booking=booking, author=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Note saved. Only you can read it."))
    else:
        messages.error(request, _("The note is empty or too long."))
    return redirect("checkups:agenda_booking", pk=booking.pk)


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_cancel(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.cancel")
    try:
        services.booking_cancel(booking=booking, by=Booking.CancelledBy.PSYCHOLOGIST, reason="psychologist")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The appointment is cancelled and the person has been told."))
    return redirect("checkups:agenda")


@login_required
@permission_required("checkups.work_agenda", raise_exception=True)
@require_POST
def agenda_follow_up(request, pk):
    booking = access.booking_for_psychologist(request.user, pk, action="checkups.booking.follow_up")
    form = _follow_up_form(request, booking, data=request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("checkups:agenda_booking", pk=booking.pk)
    appointment_type = form.cleaned_data["appointment_type"]
    try:
        if form.cleaned_data["action"] == "book":
            slot = form.slots[form.cleaned_data["slot"]]
            services.follow_up_book(booking=booking, slot=slot, appointment_type=appointment_type)
            messages.success(request, _("The next talk is booked and the person has been sent an invitation."))
        else:
            services.follow_up_suggest(booking=booking, appointment_type=appointment_type)
            messages.success(request, _("The person has been invited to book a next talk."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("checkups:agenda_booking", pk=booking.pk)


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
    services.window_delete(window=window)
    messages.success(request, _("Removed. Talks already booked in it stay in your agenda."))
    return redirect("checkups:availability")
