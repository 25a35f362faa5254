"""Open consultation: book a talk without a name, manage it with a secret link or a code.

No user is stored, even for someone who is logged in. The secret link and the code are
shown once and only their keyed hashes are kept. Booking and code guessing are
rate-limited per session and per network address (both only as keyed hashes, in the cache).

The code never travels in an address, where a shared phone's history would keep it: it is
typed into a form (POST), the secret link is answered with a redirect to a clean address,
and from then on this browser is remembered for a short while (`access.open_booking_remember`)
so that the manage pages need no code at all. Only the code form looks codes up, and
every wrong code there counts.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import phones
from core.actions import post_action
from core.errors import DomainError
from core.i18n import active_language

from .. import access, ratelimit, services
from ..calendar import invitation_ics
from ..forms import ManageCodeForm, OpenBookingForm, RescheduleForm
from ..models import AppointmentType, Booking
from .common import (
    active_type,
    alternatives_at,
    confirm_move,
    confirm_page,
    slot_or_404,
    video_room_redirect,
    week_context,
)


def _private(request):
    request.no_store = True
    if request.method == "GET" and request.user.is_authenticated:
        # Logins get their rate-limit marker at once (core.ratelimit); a session from before
        # that gets it here, while it only looks around, not in the request that books.
        ratelimit.session_marker_ensure(request)


def _regions() -> tuple[str, ...]:
    # Nobody is known here: the language the page is read in stands for where they are.
    return phones.regions_for(language=active_language())


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


OPEN_LIMIT_REACHED = gettext_lazy(
    "You have booked several open consultations today. To keep times free for colleagues, "
    "please try again tomorrow or book with your name."
)


@require_http_methods(["GET", "POST"])
def open_book(request, slug, slot_id):
    _private(request)
    appointment_type = active_type(slug, allows_open_consultation=True)
    options = alternatives_at(slot_or_404(slot_id), appointment_type, request, user=None)
    form = OpenBookingForm(request.POST or None, slots=options, regions=_regions())

    def book():
        if not ratelimit.open_booking_allowed(request):
            raise DomainError(OPEN_LIMIT_REACHED)
        return services.open_consultation_book(
            slot=form.chosen_slot(),
            appointment_type=appointment_type,
            alias=form.cleaned_data["alias"],
            note=form.cleaned_data["note"],
            call_number=form.number_to_call(),
        )

    def created(result: services.OpenBooking):
        ratelimit.limit_hit(request, "open-booking")
        # Rendered, not redirected: the link and code exist only in this one response.
        # The link is to keep (a bookmark); the page's own button posts it instead.
        manage_url = request.build_absolute_uri(reverse("checkups:open_manage")) + f"?t={result.token}"
        return render(
            request,
            "checkups/open_created.html",
            {
                "booking": result.booking,
                "manage_url": manage_url,
                "token": result.token,
                "code": result.code,
                "changeable": result.booking.can_be_changed_by_employee(),
                "just_booked": True,
                "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
            },
        )

    return confirm_page(
        request,
        form=form,
        call=book,
        then=created,
        appointment_type=appointment_type,
        options=options,
        gone=reverse("checkups:open_slots", args=[slug]),
        open=True,
    )


TOO_MANY_TRIES = gettext_lazy("Too many tries. Please wait a quarter of an hour and try again.")
FORGOTTEN = gettext_lazy(
    "To keep your appointment private, this device forgets it after half an hour. Please enter your code again."
)


def _manage_page(request, booking: Booking):
    return render(
        request,
        "checkups/open_manage.html",
        {
            "booking": booking,
            "changeable": booking.can_be_changed_by_employee(),
            "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
        },
    )


def _remembered(view):
    """The manage pages: the booking this browser proved it may manage, or back to the code form.

    A decorator of its own because it does more than test a permission (nobody here is logged
    in): it marks the page private, finds the booking this browser was remembered for and
    hands it to the view, or sends the browser to the code form with a message.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        _private(request)
        booking = access.open_booking_for_session(request)
        if booking is None:
            messages.info(request, FORGOTTEN)
            return redirect("checkups:open_manage")
        return view(request, booking, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def open_manage(request):
    """The code form (POST), the secret link (?t=..., redirected to this clean address at
    once), and the appointment itself once this browser is remembered."""
    _private(request)
    token = request.GET.get("t") or request.POST.get("t") or ""
    if token:
        # A secret link is far too long to guess, so it is not counted.
        booking = services.open_booking_for_secret(token=token)
        if booking is None:
            raise Http404
        access.open_booking_remember(request, booking)
        return redirect("checkups:open_manage")
    if request.method == "GET":
        booking = access.open_booking_for_session(request)
        if booking is not None:
            return _manage_page(request, booking)
    form = ManageCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked before every lookup, right code or wrong, so that an answer never tells an
        # over-the-limit guesser whether a code exists.
        if not ratelimit.code_lookup_allowed(request):
            form.add_error(None, TOO_MANY_TRIES)
            return render(request, "checkups/open_code.html", {"form": form, "too_many": True}, status=429)
        booking = services.open_booking_for_secret(code=form.cleaned_data["code"])
        if booking is None:
            ratelimit.code_missed(request)
            form.add_error("code", _("We do not know this code. Please check it and try again."))
        else:
            access.open_booking_remember(request, booking)
            return redirect("checkups:open_manage")
    return render(request, "checkups/open_code.html", {"form": form})


@require_POST
@_remembered
def open_done(request, booking):
    """ "Done": this device forgets the appointment now, not in half an hour."""
    return post_action(
        request,
        lambda: access.open_booking_forget(request),
        success=_("Done. This device no longer shows your appointment; your code still works."),
        then="checkups:open_start",
    )


@require_POST
@_remembered
def open_cancel(request, booking):
    return post_action(
        request,
        lambda: services.booking_cancel(booking=booking, by=Booking.CancelledBy.EMPLOYEE),
        success=_("Your appointment is cancelled."),
        then="checkups:open_manage",
    )


@require_POST
@_remembered
def open_invitation(request, booking):
    method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(invitation_ics(booking, method=method), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@require_GET
@_remembered
def open_join(request, booking):
    return video_room_redirect(booking)


@require_GET
@_remembered
def open_move(request, booking):
    """Choose another time for an open consultation."""
    if not booking.can_be_changed_by_employee():
        return redirect("checkups:open_manage")
    context = week_context(request, booking.appointment_type, user=None)
    context.update({"book_url_name": "checkups:open_move_confirm", "open": True, "moving": booking})
    return render(request, "checkups/slot_week.html", context)


@require_http_methods(["GET", "POST"])
@_remembered
def open_move_confirm(request, booking, slot_id):
    options = alternatives_at(slot_or_404(slot_id), booking.appointment_type, request, user=None)
    form = RescheduleForm(request.POST or None, slots=options, regions=_regions())
    if form.offers_call and not form.is_bound:
        form.initial["call_number"] = phones.number_display(booking.call_number)
    return confirm_move(
        request,
        booking=booking,
        form=form,
        options=options,
        then="checkups:open_manage",
        success=_("Your appointment is moved."),
        gone=reverse("checkups:open_move"),
        open=True,
    )
