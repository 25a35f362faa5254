"""Pieces shared by the check-ups views: the week of free times and its filters, the step that
confirms a time, and a form page that calls one service."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from core.errors import DomainError

from .. import services
from ..forms import SlotFilterForm, navigation_limits
from ..models import AppointmentType, Booking, Mode, Psychologist, Slot, within_change_deadline
from ..selectors import free_slots, free_week, offered_languages
from ..services.waitlist import WAIT_HORIZON_DAYS


def active_type(slug: str, **filters) -> AppointmentType:
    return get_object_or_404(AppointmentType, slug=slug, active=True, **filters)


def slot_or_404(slot_id) -> Slot:
    slot = Slot.objects.filter(pk=slot_id).select_related("psychologist__user", "location").first()
    if slot is None:
        raise Http404
    return slot


def week_context(request, appointment_type: AppointmentType, *, user=None) -> dict:
    """Everything the week view shows, in a fixed number of queries whatever the number of psychologists."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    form = SlotFilterForm(request.GET or None, languages=offered_languages())
    data = form.cleaned_or_empty() if request.GET else {}
    psychologist = None
    if data.get("psychologist"):
        psychologist = Psychologist.objects.filter(pk=data["psychologist"], active=True).first()
    filters = {
        "language": data.get("language") or "",
        "mode": data.get("mode") or "",
        "location": data.get("location"),
        "psychologist": psychologist,
    }
    today = timezone.localdate()
    # A date out of range is an error on the form (shown above the week) and the week starts today.
    first_day = data.get("date") or today
    first_day = max(first_day, today)
    _earliest, latest = navigation_limits(today)
    slots = free_slots(appointment_type=appointment_type, user=user, now=now, **filters)
    week = free_week(slots=slots, first_day=first_day, tz=tz)
    any_free_soon = any(day.times for day in week) if first_day == today else None
    if any_free_soon is None or not any_free_soon:
        any_free_soon = slots.filter(starts_at__lt=now + dt.timedelta(days=WAIT_HORIZON_DAYS)).exists()
    query = {k: v for k, v in request.GET.items() if k != "date"}
    previous_day = first_day - dt.timedelta(days=7)
    return {
        "appointment_type": appointment_type,
        **deadline_context(now, week),
        "filter_form": form,
        "week": week,
        "first_day": first_day,
        "previous_query": urlencode({**query, "date": max(previous_day, today).isoformat()})
        if first_day > today
        else "",
        "next_query": urlencode({**query, "date": (first_day + dt.timedelta(days=7)).isoformat()})
        if first_day + dt.timedelta(days=7) <= latest
        else "",
        "filter_query": urlencode(
            {k: v for k, v in request.GET.items() if k in ("language", "mode", "location", "psychologist")}
        ),
        "nothing_free_soon": not any_free_soon,
        "filters": filters,
    }


def deadline_context(now: dt.datetime, week) -> dict:
    """Which free times are so close that, once booked, only a phone call changes them."""
    cutoff_at = now + dt.timedelta(hours=settings.CHECKUPS_CANCEL_CUTOFF_HOURS)
    return {
        "cutoff_at": cutoff_at,
        "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
        "week_has_times_within_deadline": any(time.starts_at <= cutoff_at for day in week for time in day.times),
    }


def deadline_notice(starts_at: dt.datetime, options: list[Slot]) -> dict:
    """For the confirm page: whether this time is within the deadline, and whom to call then."""
    if not within_change_deadline(starts_at):
        return {"within_deadline": False}
    phones = {slot.psychologist.phone_for_changes for slot in options} - {""}
    return {
        "within_deadline": True,
        "cutoff_hours": settings.CHECKUPS_CANCEL_CUTOFF_HOURS,
        # One number for every choice goes in the sentence; several go with each choice.
        "change_phone": next(iter(phones)) if len(phones) == 1 else "",
        "change_phone_per_option": len(phones) > 1,
    }


def alternatives_at(slot: Slot, appointment_type: AppointmentType, request, *, user=None) -> list[Slot]:
    """The chosen slot first, then the other free ones at the same time that fit the same filters."""
    # The week's filters, read through its form: a value it does not offer is no filter
    # (raw, a NUL character reached PostgreSQL and answered 500).
    filters = SlotFilterForm(request.GET, languages=offered_languages()).cleaned_or_empty()
    same_time = free_slots(
        appointment_type=appointment_type,
        user=user,
        language=filters.get("language") or "",
        mode=filters.get("mode") or "",
    ).filter(starts_at=slot.starts_at)
    if filters.get("location"):
        same_time = same_time.filter(location=filters["location"])
    chosen = list(same_time.select_related("psychologist__user", "location").order_by("pk"))
    chosen.sort(key=lambda s: s.pk != slot.pk)
    return chosen


def video_room_redirect(booking: Booking):
    """Into the video room, from the portal: pages and e-mails link here, never to the room
    itself, whose address names the psychologist."""
    link = booking.psychologist.video_link
    if booking.mode != Mode.VIDEO or booking.status != Booking.Status.BOOKED or not link:
        raise Http404
    response = redirect(link)
    response["Referrer-Policy"] = "no-referrer"
    return response


def form_action(request, form, call, *, then, success=None):
    """A page whose form calls one service: `core.actions.post_action` for a form that is shown
    again with what it says. On a valid POST, `call()`; a refusal (`DomainError`, `SlotTaken`
    too) goes on the form and None comes back: show the page again. Otherwise the `success`
    message (a callable gets the result) and `then`: a URL or view name to go to, or a
    callable that gets the result and answers with a URL or with a page of its own."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call()
    except DomainError as error:
        form.add_error(None, error.message)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    answer = then(result) if callable(then) else then
    return answer if isinstance(answer, HttpResponse) else redirect(answer)


def confirm_page(request, *, form, call, then, appointment_type, options: list[Slot], gone=None, success=None, **extra):
    """The step that confirms a time: booking it, taking a time held for you, moving to it.

    Shows the time, whom it is with and the form; a valid POST calls one service (`call`),
    and a refusal is shown on the form (`then` and `success` as for `form_action`). When
    nobody is free at that time any more, the
    person goes back to the times (`gone`) with the "someone else just took it" message.
    """
    if not options:
        messages.error(request, services.SLOT_TAKEN_MESSAGE)
        return redirect(gone)
    response = form_action(request, form, call, then=then, success=success)
    if response is not None:
        return response
    starts_at = options[0].starts_at  # every option is at the chosen time
    context = {"form": form, "appointment_type": appointment_type, "options": options, "starts_at": starts_at}
    return render(request, "checkups/booking_confirm.html", {**context, **deadline_notice(starts_at, options), **extra})


def confirm_move(request, *, booking: Booking, form, options: list[Slot], then, gone, success=None, **extra):
    """The confirm step of moving an appointment, named or open, to one of `options`."""
    return confirm_page(
        request,
        form=form,
        call=lambda: services.booking_reschedule(
            booking=booking, new_slot=form.chosen_slot(), call_number=form.number_to_call()
        ),
        then=then,
        success=success,
        appointment_type=booking.appointment_type,
        options=options,
        gone=gone,
        moving=booking,
        **extra,
    )


def deployment_register_action(request, form, *, success, then):
    """Register the deployment a valid form describes, for the form's `employee`."""
    return form_action(
        request,
        form,
        call=lambda: services.deployment_register(
            employee=form.employee,
            registered_by=request.user,
            **{name: form.cleaned_data[name] for name in ("destination", "starts_on", "ends_on", "time_zone")},
        ),
        success=success,
        then=then,
    )
