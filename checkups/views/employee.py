"""The employee's side: choose a kind of talk, pick a time, book, see, move and cancel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import phones
from core.actions import post_action

from .. import access, services
from ..calendar import invitation_ics
from ..forms import BookingForm, DeploymentForm, RescheduleForm, WaitListForm
from ..models import AppointmentType, Booking, Slot, WaitListEntry
from ..selectors import bookings_for_employee, last_call_number
from ..services.messages import booking_reminder_due
from .common import (
    active_type,
    alternatives_at,
    confirm_move,
    confirm_page,
    deployment_register_action,
    slot_or_404,
    video_room_redirect,
    week_context,
)


@login_required
@permission_required("checkups.book_appointment", raise_exception=True)
def start(request):
    """Step one: which kind of talk."""
    types = [
        t
        for t in AppointmentType.objects.filter(active=True).exclude(bookable_by=AppointmentType.BookableBy.REFERRAL)
        if services.appointment_type_bookable_by(t, request.user) and not t.allows_open_consultation
    ]
    open_types = AppointmentType.objects.filter(active=True, allows_open_consultation=True).exists()
    return render(request, "checkups/type_list.html", {"types": types, "open_types": open_types})


@login_required
@permission_required("checkups.book_appointment", raise_exception=True)
def slots(request, slug):
    """Step two: a week of free times, filtered; or the wait list when nothing is free soon."""
    appointment_type = active_type(slug)
    if not services.appointment_type_bookable_by(appointment_type, request.user):
        raise Http404
    context = week_context(request, appointment_type, user=request.user)
    context["book_url_name"] = "checkups:book"
    context["waiting"] = WaitListEntry.objects.filter(
        employee=request.user, appointment_type=appointment_type, status=WaitListEntry.Status.WAITING
    ).exists()
    if context["nothing_free_soon"]:
        filters = context["filters"]
        context["wait_form"] = WaitListForm(
            initial={"language": filters["language"], "mode": filters["mode"], "location": filters["location"]}
        )
    return render(request, "checkups/slot_week.html", context)


def _booking_form(form_class, request, slots, *, number: str = ""):
    """The booking form in the person's region, offering the number they gave last time."""
    form = form_class(request.POST or None, slots=slots, regions=phones.regions_for_user(request.user))
    if form.offers_call and request.method != "POST":
        form.initial["call_number"] = phones.number_display(number or last_call_number(request.user))
    return form


def _confirm_booking(request, appointment_type: AppointmentType, options: list[Slot], **extra):
    """Book one of `options` for the person: the confirm step of booking and of a held time."""
    form = _booking_form(BookingForm, request, options)
    return confirm_page(
        request,
        form=form,
        call=lambda: services.booking_create(
            slot=form.chosen_slot(),
            employee=request.user,
            appointment_type=appointment_type,
            note=form.cleaned_data["note"],
            call_number=form.number_to_call(),
        ),
        then=_confirmed,
        appointment_type=appointment_type,
        options=options,
        **extra,
    )


def _confirmed(booking: Booking) -> str:
    return reverse("checkups:confirmed", args=[booking.pk])


@login_required
@permission_required("checkups.book_appointment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def book(request, slug, slot_id):
    """Step three: who and an optional note, then one tap on "Book"."""
    appointment_type = active_type(slug)
    options = alternatives_at(slot_or_404(slot_id), appointment_type, request, user=request.user)
    return _confirm_booking(request, appointment_type, options, gone=reverse("checkups:slots", args=[slug]))


def _held_type(slot: Slot, user) -> AppointmentType:
    """The kind of talk a held time is for: the wait list's, or the cancelled talk's it replaces."""
    types = [t for t in slot.appointment_types.filter(active=True)]
    if not types:
        raise Http404
    pending_wait = (
        WaitListEntry.objects.filter(employee=user, offers__slot=slot).select_related("appointment_type").first()
    )
    if pending_wait is not None:
        return pending_wait.appointment_type
    cancelled = (
        Booking.objects.filter(employee=user, cancelled_by=Booking.CancelledBy.PSYCHOLOGIST)
        .order_by("-cancelled_at")
        .first()
    )
    if cancelled is not None and cancelled.appointment_type in types:
        return cancelled.appointment_type
    return types[0]


@login_required
def held(request, slot_id):
    """A time kept for this person (a wait-list offer, or a new time after an absence)."""
    slot = slot_or_404(slot_id)
    now = timezone.now()
    if slot.held_for_id != request.user.pk or not slot.held_until or slot.held_until <= now:
        messages.info(request, _("This offer has ended. Please choose another time."))
        return redirect("checkups:start")
    return _confirm_booking(request, _held_type(slot, request.user), [slot], held_until=slot.held_until)


@login_required
def confirmed(request, pk):
    booking = access.booking_for_employee(request.user, pk)
    if booking.status != Booking.Status.BOOKED:
        return redirect("checkups:my_appointments")
    now = timezone.now()
    return render(
        request,
        "checkups/booking_done.html",
        {
            "booking": booking,
            "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
            "changeable": booking.can_be_changed_by_employee(now),
            "gets_reminder": booking_reminder_due(booking) > now,
        },
    )


@login_required
def my_appointments(request):
    now = timezone.now()
    bookings = list(bookings_for_employee(request.user))
    upcoming = [b for b in bookings if b.starts_at >= now and b.status == Booking.Status.BOOKED]
    past = [b for b in bookings if b not in upcoming][-20:][::-1]
    for booking in upcoming:
        booking.changeable = booking.can_be_changed_by_employee(now)
    waits = WaitListEntry.objects.filter(employee=request.user, status=WaitListEntry.Status.WAITING).select_related(
        "appointment_type"
    )
    deployments = request.user.deployments.order_by("starts_on")
    return render(
        request,
        "checkups/appointment_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "waits": waits,
            "deployments": deployments,
        },
    )


@login_required
def invitation(request, pk):
    booking = access.booking_for_employee(request.user, pk)
    if booking.cancelled_by == Booking.CancelledBy.RESCHEDULED:
        # Its UID lives on in the moved appointment: a CANCEL for it would remove the new time.
        raise Http404
    method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "REQUEST"
    response = HttpResponse(invitation_ics(booking, method=method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@login_required
def join(request, pk):
    return video_room_redirect(access.booking_for_employee(request.user, pk))


@login_required
def follow_up_next(request, pk, type_pk):
    """The link in "book your next appointment": neutral in the e-mail, the right week here."""
    booking = access.booking_for_employee(request.user, pk)
    appointment_type = AppointmentType.objects.filter(pk=type_pk, active=True).first()
    if appointment_type is None:
        return redirect("checkups:start")
    return redirect(
        reverse("checkups:slots", args=[appointment_type.slug]) + f"?psychologist={booking.psychologist_id}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    booking = access.booking_for_employee(request.user, pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE),
            success=_("Your appointment is cancelled. You will get an e-mail to take it out of your calendar."),
            then="checkups:my_appointments",
        )
    return render(
        request,
        "checkups/booking_cancel.html",
        {"booking": booking, "changeable": booking.can_be_changed_by_employee()},
    )


@login_required
def reschedule(request, pk):
    booking = access.booking_for_employee(request.user, pk)
    if not booking.can_be_changed_by_employee():
        messages.error(request, _("This appointment can no longer be moved here."))
        return redirect("checkups:my_appointments")
    context = week_context(request, booking.appointment_type, user=request.user)
    context.update({"book_url_name": "checkups:reschedule_confirm", "booking": booking, "moving": booking})
    return render(request, "checkups/slot_week.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reschedule_confirm(request, pk, slot_id):
    booking = access.booking_for_employee(request.user, pk)
    options = alternatives_at(slot_or_404(slot_id), booking.appointment_type, request, user=request.user)
    return confirm_move(
        request,
        booking=booking,
        form=_booking_form(RescheduleForm, request, options, number=booking.call_number),
        options=options,
        then=_confirmed,
        gone=reverse("checkups:reschedule", args=[booking.pk]),
    )


@login_required
@permission_required("checkups.book_appointment", raise_exception=True)
@require_POST
def waitlist_join(request, slug):
    appointment_type = active_type(slug)
    return post_action(
        request,
        lambda **filters: services.waitlist_join(employee=request.user, appointment_type=appointment_type, **filters),
        form=WaitListForm(request.POST),
        success=_("You are on the wait list. When a time opens, we will e-mail you and keep it for you for a while."),
        then="checkups:my_appointments",
        failed=reverse("checkups:slots", args=[slug]),
    )


@login_required
@require_POST
def waitlist_leave(request, pk):
    entry = access.wait_entry_for_user(request.user, pk)
    return post_action(
        request,
        lambda: services.waitlist_leave(entry=entry),
        success=_("You are no longer on the wait list."),
        then="checkups:my_appointments",
    )


@login_required
@permission_required("checkups.book_appointment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def deployment_new(request):
    """An employee registers their own deployment, so the talks around it can be planned."""
    form = DeploymentForm(request.POST or None, employee=request.user)
    response = deployment_register_action(
        request,
        form,
        success=_("Your deployment is registered. We will remind you when it is time to book each talk."),
        then=reverse("checkups:my_appointments") + "#deployments",
    )
    if response is not None:
        return response
    return render(request, "checkups/deployment_form.html", {"form": form, "for_other": False})
