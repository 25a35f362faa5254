"""Open consultation: book a talk without a name, manage it with a secret link or a code.

No user is stored, even for someone who is logged in. The secret link and the code are
shown once and only their keyed hashes are kept. Booking and code guessing are
rate-limited per session and per network address (both only as keyed hashes, in the cache);
every wrong code on every manage page and action counts towards the code limit.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import phone, ratelimit, services
from ..calendar import invitation_ics
from ..forms import ManageCodeForm, OpenBookingForm, RescheduleForm
from ..models import AppointmentType, Booking, Slot
from .common import active_type, alternatives_at, deadline_notice, week_context


def _private(request):
    request.no_store = True
    if request.method == "GET" and request.user.is_authenticated:
        # Logins get their rate-limit marker at once (core.ratelimit); a session from before
        # that gets it here, while it only looks around, not in the request that books.
        ratelimit.session_marker_ensure(request)


def _region() -> str:
    # Nobody is known here: the language the page is read in stands for where they are.
    return phone.region_for(language=translation.get_language())


def open_start(request):
    _private(request)
    types = AppointmentType.objects.filter(active=True, allows_open_consultation=True)
    return render(request, "checkups/open_start.html", {"types": types})


def open_slots(request, slug):
    _private(request)
    appointment_type = active_type(slug, allows_open_consultation=True)
    context = week_context(request, appointment_type, user=None)
    context.update({"book_url_name": "checkups:open_book", "open": True})
    return render(request, "checkups/slot_week.html", context)


@require_http_methods(["GET", "POST"])
def open_book(request, slug, slot_id):
    _private(request)
    appointment_type = active_type(slug, allows_open_consultation=True)
    slot = Slot.objects.filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    options = alternatives_at(slot, appointment_type, request, user=None)
    if not options:
        messages.error(request, services.SLOT_TAKEN_MESSAGE)
        return redirect("checkups:open_slots", slug=slug)
    form = OpenBookingForm(request.POST or None, slots=options, region=_region())
    if request.method == "POST" and form.is_valid():
        if not ratelimit.open_booking_allowed(request):
            form.add_error(
                None,
                _(
                    "You have booked several open consultations today. To keep times free for colleagues, "
                    "please try again tomorrow or book with your name."
                ),
            )
        else:
            try:
                result = services.open_consultation_book(
                    slot=form.chosen_slot(),
                    appointment_type=appointment_type,
                    alias=form.cleaned_data["alias"],
                    note=form.cleaned_data["note"],
                    call_number=form.number_to_call(),
                )
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                ratelimit.limit_hit(request, "open-booking")
                # Rendered, not redirected: the link and code exist only in this one response.
                manage_url = request.build_absolute_uri(reverse("checkups:open_manage")) + f"?t={result.token}"
                return render(
                    request,
                    "checkups/open_created.html",
                    {
                        "booking": result.booking,
                        "manage_url": manage_url,
                        "code": result.code,
                        "changeable": result.booking.can_be_changed_by_employee(),
                        "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
                    },
                )
    return render(
        request,
        "checkups/booking_confirm.html",
        {
            "form": form,
            "appointment_type": appointment_type,
            "options": options,
            "starts_at": slot.starts_at,
            **deadline_notice(slot.starts_at, options),
            "open": True,
        },
    )


def _manage_context(booking: Booking, credential: dict) -> dict:
    return {"booking": booking, "credential": credential, "changeable": booking.can_be_changed_by_employee()}


TOO_MANY_TRIES = _lazy("Too many tries. Please wait a quarter of an hour and try again.")


class TooManyCodeTries(Exception):
    pass


def _codes_counted(view):
    """Every manage page and action (GET and POST) answers an over-the-limit code guesser
    with the same clear refusal, whether or not the code they sent exists."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except TooManyCodeTries:
            _private(request)
            return render(request, "checkups/open_too_many.html", {"message": TOO_MANY_TRIES}, status=429)

    return wrapper


def _booking_for_code(request, code: str) -> Booking | None:
    """The lookup by code: refused over the limit, and every wrong code counted."""
    if not ratelimit.code_lookup_allowed(request):
        raise TooManyCodeTries
    booking = services.open_booking_for_secret(code=code)
    if booking is None:
        ratelimit.code_missed(request)
    return booking


@require_http_methods(["GET", "POST"])
@_codes_counted
def open_manage(request):
    """The secret link (?t=...) or the code form; both lead to the same page."""
    _private(request)
    token = request.GET.get("t") or request.POST.get("t") or ""
    if token:
        # A secret link is far too long to guess, so it is not counted.
        booking = services.open_booking_for_secret(token=token)
        if booking is None:
            raise Http404
        return render(request, "checkups/open_manage.html", _manage_context(booking, {"t": token}))
    form = ManageCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = _booking_for_code(request, form.cleaned_data["code"])
        except TooManyCodeTries:
            form.add_error(None, TOO_MANY_TRIES)
            return render(request, "checkups/open_code.html", {"form": form}, status=429)
        if booking is None:
            form.add_error("code", _("We do not know this code. Please check it and try again."))
        else:
            return render(
                request,
                "checkups/open_manage.html",
                _manage_context(booking, {"code": form.cleaned_data["code"]}),
            )
    return render(request, "checkups/open_code.html", {"form": form})


def _booking_from_credential(request) -> Booking:
    data = request.POST if request.method == "POST" else request.GET
    token, code = data.get("t", ""), data.get("code", "")
    booking = services.open_booking_for_secret(token=token) if token else _booking_for_code(request, code)
    if booking is None:
        raise Http404
    return booking


@require_POST
@_codes_counted
def open_cancel(request):
    _private(request)
    booking = _booking_from_credential(request)
    try:
        services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your appointment is cancelled."))
        booking.refresh_from_db()
    credential = {"t": request.POST["t"]} if request.POST.get("t") else {"code": request.POST.get("code", "")}
    return render(request, "checkups/open_manage.html", _manage_context(booking, credential))


@require_POST
@_codes_counted
def open_invitation(request):
    _private(request)
    booking = _booking_from_credential(request)
    method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(invitation_ics(booking, method=method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


def _credential(request) -> dict:
    data = request.POST if request.method == "POST" else request.GET
    return {"t": data["t"]} if data.get("t") else {"code": data.get("code", "")}


@_codes_counted
def open_move(request):
    """Choose another time for an open consultation (the secret link or code comes along)."""
    _private(request)
    booking = _booking_from_credential(request)
    if not booking.can_be_changed_by_employee():
        raise Http404
    credential = _credential(request)
    context = week_context(request, booking.appointment_type, user=None)
    context.update(
        {
            "book_url_name": "checkups:open_move_confirm",
            "open": True,
            "moving": booking,
            "credential": credential,
            "filter_query": "&".join(q for q in (context["filter_query"], urlencode(credential)) if q),
        }
    )
    return render(request, "checkups/slot_week.html", context)


@require_http_methods(["GET", "POST"])
@_codes_counted
def open_move_confirm(request, slot_id):
    _private(request)
    booking = _booking_from_credential(request)
    credential = _credential(request)
    slot = Slot.objects.filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    options = alternatives_at(slot, booking.appointment_type, request, user=None)
    if not options:
        messages.error(request, services.SLOT_TAKEN_MESSAGE)
        return redirect(reverse("checkups:open_move") + "?" + urlencode(credential))
    form = RescheduleForm(request.POST or None, slots=options, region=_region())
    if form.offers_call and not form.is_bound:
        form.initial["call_number"] = phone.number_display(booking.call_number)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.booking_reschedule(
                booking=booking, new_slot=form.chosen_slot(), call_number=form.number_to_call()
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your appointment is moved."))
            return render(request, "checkups/open_manage.html", _manage_context(moved, credential))
    return render(
        request,
        "checkups/booking_confirm.html",
        {
            "form": form,
            "appointment_type": booking.appointment_type,
            "options": options,
            "starts_at": slot.starts_at,
            **deadline_notice(slot.starts_at, options),
            "moving": booking,
            "open": True,
            "credential": credential,
        },
    )
