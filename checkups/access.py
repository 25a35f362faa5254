"""Who may open which private check-ups record: one helper per object, each returns it or 404.

An employee sees their own appointments; a psychologist sees the appointments in their
own agenda, and each such view is written to the audit log (the person may ask to see
it). Managers, wellbeing officers and everyone else get 404: existence does not leak.
An open consultation is opened by whoever holds its code or secret link, and then
remembered by this browser for a short while (`open_booking_remember`).
"""

import secrets

from django.core.cache import cache
from django.http import Http404
from django.utils.crypto import salted_hmac

from core.audit import audit_record

from .models import AvailabilityWindow, Booking, Deployment, Psychologist, SessionNote, WaitListEntry
from .services import open_booking_for_secret


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def booking_for_employee(user, pk) -> Booking:
    """The user's own appointment."""
    booking = (
        Booking.objects.select_related("psychologist__user", "appointment_type", "location", "slot")
        .filter(pk=_pk(pk), employee=user, employee__isnull=False)
        .first()
    )
    if booking is None or not user.is_authenticated:
        raise Http404
    return booking


def _works_an_agenda(user) -> bool:
    return user.is_authenticated and user.has_perm("checkups.work_agenda")


def psychologist_for_user(user) -> Psychologist:
    """The psychologist's own profile. Writes nothing (a helper here writes only the audit
    log): someone who has saved nothing yet gets an unsaved profile with the defaults, and
    the service that first writes for them makes the row (`services.psychologist_profile_ensure`)."""
    if not _works_an_agenda(user):
        raise Http404
    return Psychologist.objects.filter(user=user).first() or Psychologist(user=user, time_zone=user.time_zone)


def window_for_psychologist(user, pk) -> AvailabilityWindow:
    """One of the psychologist's own weekly times."""
    if not _works_an_agenda(user):
        raise Http404
    window = (
        AvailabilityWindow.objects.select_related("psychologist").filter(pk=_pk(pk), psychologist__user=user).first()
    )
    if window is None:
        raise Http404
    return window


def booking_for_psychologist(user, pk, *, action: str = "checkups.booking.view") -> Booking:
    """An appointment in the psychologist's own agenda; logs the view when it names someone."""
    if not _works_an_agenda(user):
        raise Http404
    booking = (
        Booking.objects.select_related("employee", "appointment_type", "location", "psychologist__user", "slot")
        .filter(pk=_pk(pk), psychologist__user=user)
        .first()
    )
    if booking is None:
        raise Http404
    if booking.employee_id is not None:
        audit_record(actor=user, action=action, obj=booking, subject=booking.employee)
    return booking


def booking_for_user(user, pk) -> Booking:
    """Whichever side the user is on: their own appointment, or one in their agenda."""
    try:
        return booking_for_employee(user, pk)
    except Http404:
        return booking_for_psychologist(user, pk)


def notes_for_author(user, booking: Booking):
    """Session notes are readable by the psychologist who wrote them, and nobody else."""
    return SessionNote.objects.filter(booking=booking, author=user, author__isnull=False)


def wait_entry_for_user(user, pk) -> WaitListEntry:
    entry = WaitListEntry.objects.filter(pk=_pk(pk), employee=user).first() if user.is_authenticated else None
    if entry is None:
        raise Http404
    return entry


def deployment_for_user(user, pk) -> Deployment:
    """The employee's own deployment, or any for a wellbeing officer (who sees no talk content)."""
    if not user.is_authenticated:
        raise Http404
    deployment = Deployment.objects.select_related("employee").filter(pk=_pk(pk)).first()
    if deployment is None:
        raise Http404
    if deployment.employee_id == user.pk:
        return deployment
    if user.has_perm("checkups.manage_checkups"):
        audit_record(actor=user, action="checkups.deployment.view", obj=deployment, subject=deployment.employee)
        return deployment
    raise Http404


# An open consultation is managed without its code in any address: after the code (or the
# secret link) has been checked once, this browser's session holds a random marker, used
# for nothing else, and the shared cache maps a keyed hash of that marker to the booking's
# code hash for half an hour. The session never holds the booking or its code, and the
# marker alone leads nowhere: only the cache *and* the secret key connect the two, and
# only until the entry expires or the person taps "Done". (The sessions have a copy in the
# cache too, SESSION_ENGINE: the cache alone still connects nothing without the secret key.)
OPEN_MANAGE_MARKER = "_checkups_open_manage_marker"
OPEN_MANAGE_SECONDS = 30 * 60


def _open_manage_key(marker: str) -> str:
    digest = salted_hmac("checkups.open-manage", marker, algorithm="sha256").hexdigest()[:32]
    return f"checkups:open-manage:{digest}"


def open_booking_remember(request, booking: Booking) -> None:
    """Let this browser manage `booking` for a while, after its code or link was checked."""
    marker = request.session.get(OPEN_MANAGE_MARKER)
    if not marker:
        marker = secrets.token_urlsafe(32)
        request.session[OPEN_MANAGE_MARKER] = marker
    cache.set(_open_manage_key(marker), booking.manage_code_hash, timeout=OPEN_MANAGE_SECONDS)


def open_booking_forget(request) -> None:
    marker = request.session.get(OPEN_MANAGE_MARKER)
    if marker:
        cache.delete(_open_manage_key(marker))


def open_booking_for_session(request) -> Booking | None:
    """The open consultation this browser proved it may manage (its latest time, if moved)."""
    marker = request.session.get(OPEN_MANAGE_MARKER)
    code_hash = cache.get(_open_manage_key(marker)) if marker else None
    if not code_hash:
        return None
    return open_booking_for_secret(code_hash=code_hash)
