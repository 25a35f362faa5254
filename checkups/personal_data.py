"""What check-ups hold about a person, for export and erasure (core/personal_data.py).

The psychologist's session notes about the person's talks are the person's personal data
(GDPR art. 15): they are in the export, in full. No duty in this portal withholds them; a
psychologist who thinks a note must be withheld to protect someone else (art. 15(4)) asks the
data protection officer before the person downloads, outside the portal. On erasure they
are kept: they are the psychologist's record of care, kept one year after the talk
(`retention.NOTE_DAYS`) and then deleted by the daily task.
"""

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.personal_data import Kept, when

from .models import Booking, Deployment, SessionNote, WaitListEntry
from .retention import BOOKING_DAYS, NOTE_DAYS

TITLE = gettext_lazy("Check-ups")


def export_for(user) -> dict:
    bookings = (
        Booking.objects.filter(employee=user)
        .select_related("psychologist__user", "appointment_type")
        .order_by("starts_at")
    )
    notes = SessionNote.objects.filter(booking__employee=user).select_related("booking").order_by("created_at")
    return {
        gettext("Appointments"): [
            {
                gettext("When"): when(booking.starts_at),
                gettext("Until"): when(booking.ends_at),
                gettext("With"): str(booking.psychologist),
                gettext("Kind of talk"): booking.appointment_type.name if booking.appointment_type_id else None,
                gettext("How"): booking.get_mode_display(),
                gettext("State"): booking.get_status_display(),
                gettext("Your note for the psychologist"): booking.note or None,
                gettext("Number to call"): booking.call_number or None,
            }
            for booking in bookings
        ],
        gettext("The psychologist's notes of your talks"): [
            {
                gettext("Talk on"): when(note.booking.starts_at),
                gettext("Written"): when(note.created_at),
                gettext("Note"): note.text,
            }
            for note in notes
        ],
        gettext("Waiting list"): [
            {gettext("Since"): when(entry.created_at), gettext("State"): entry.get_status_display()}
            for entry in WaitListEntry.objects.filter(employee=user).order_by("created_at")
        ],
        gettext("Deployments"): [
            {gettext("Where"): d.destination, gettext("From"): when(d.starts_on), gettext("Until"): when(d.ends_on)}
            for d in Deployment.objects.filter(employee=user)
        ],
    }


def erase_for(user) -> list[str]:
    now = timezone.now()
    lines: list[str] = []
    past = Booking.objects.filter(employee=user, starts_at__lt=now)
    cleared = past.exclude(note="", call_number="").count()
    for booking in past.exclude(note="", call_number=""):
        booking.note = booking.call_number = ""
        booking.save(update_fields=["note", "call_number"])
    if cleared:
        lines.append(
            ngettext(
                "Your note and number to call were removed from %(count)d past appointment.",
                "Your notes and numbers to call were removed from %(count)d past appointments.",
                cleared,
            )
            % {"count": cleared}
        )
    waits, _ = WaitListEntry.objects.filter(employee=user).exclude(status=WaitListEntry.Status.WAITING).delete()
    ended, _ = Deployment.objects.filter(employee=user, ends_on__lt=now.date()).delete()
    if waits or ended:
        lines.append(gettext("Past waiting-list entries and deployments that have ended were removed."))
    if Booking.objects.filter(employee=user).exists():
        lines.append(
            Kept(
                gettext(
                    "Your appointments (when, with whom, how) are kept for %(days)d days after each talk: the "
                    "psychologist accounts for the care given. Upcoming ones stay booked; cancel them on the "
                    "check-ups page if you no longer want them."
                )
                % {"days": BOOKING_DAYS}
            )
        )
    if SessionNote.objects.filter(booking__employee=user).exists():
        lines.append(
            Kept(
                gettext(
                    "The psychologist's notes of your talks are kept for %(days)d days after each talk: they are "
                    "the psychologist's record of your care. You find them in your download."
                )
                % {"days": NOTE_DAYS}
            )
        )
    waiting = WaitListEntry.objects.filter(employee=user, status=WaitListEntry.Status.WAITING).exists()
    current = Deployment.objects.filter(employee=user, ends_on__gte=now.date()).exists()
    if waiting or current:
        lines.append(Kept(gettext("Your place on the waiting list and current deployments are kept while they run.")))
    return lines
