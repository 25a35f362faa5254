"""Pieces shared by the check-ups views: the week of free times and the filters above it."""

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import urlencode

from core.errors import DomainError

from .. import services
from ..forms import SlotFilterForm, navigation_limits
from ..models import AppointmentType, Booking, Mode, Psychologist, Slot, within_change_deadline
from ..selectors import free_slots, free_week, offered_languages

WAIT_HORIZON = dt.timedelta(days=14)


def active_type(slug: str, **filters) -> AppointmentType:
    return get_object_or_404(AppointmentType, slug=slug, active=True, **filters)


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
        any_free_soon = slots.filter(starts_at__lt=now + WAIT_HORIZON).exists()
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


DEPLOYMENT_FIELDS = ("destination", "starts_on", "ends_on", "time_zone")


def deployment_register_from_form(form, *, employee, registered_by) -> bool:
    """Register the deployment a valid `DeploymentForm` describes; a refusal goes on the form."""
    try:
        services.deployment_register(
            employee=employee,
            registered_by=registered_by,
            **{name: form.cleaned_data[name] for name in DEPLOYMENT_FIELDS},
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True
