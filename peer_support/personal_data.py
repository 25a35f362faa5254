"""What peer support holds about a person, for export and erasure (core/personal_data.py).

Their requests for help with the supporters' case notes (the person's data under GDPR art.
15: in the export, in full), the follow-up plans after an incident, referrals, and the
private incident log, which is theirs alone and goes entirely on erasure.
"""

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.i18n import pick
from core.personal_data import Kept, when

from .models import CaseNote, FollowUpPlan, IncidentLogEntry, Referral, SupportRequest

TITLE = gettext_lazy("Peer support")


def export_for(user) -> dict:
    requests = SupportRequest.objects.filter(requester=user).order_by("created_at")
    notes = CaseNote.objects.filter(request__requester=user).order_by("created_at")
    plans = FollowUpPlan.objects.filter(person=user).prefetch_related("steps").order_by("created_at")
    return {
        gettext("Your requests for a talk"): [
            {
                gettext("Asked on"): when(request.created_at),
                gettext("Topic"): request.get_topic_display() or None,
                gettext("When"): request.get_urgency_display(),
                gettext("How"): request.get_contact_method_display(),
                gettext("Contact details"): request.contact_detail or None,
                gettext("Your message"): request.message or None,
                gettext("State"): request.get_status_display(),
                gettext("Closed on"): when(request.closed_at),
            }
            for request in requests
        ],
        gettext("Notes your supporters wrote"): [
            {gettext("Written"): when(note.created_at), gettext("Note"): note.text} for note in notes
        ],
        gettext("Follow-up after an incident"): [
            {
                gettext("Since"): when(plan.created_at),
                gettext("Declined on"): when(plan.declined_at),
                gettext("Steps"): [
                    {
                        gettext("Step"): pick(step.label),
                        gettext("Due"): when(step.due_at),
                        gettext("State"): step.get_state_display(),
                    }
                    for step in plan.steps.all()
                ],
            }
            for plan in plans
        ],
        gettext("Referrals"): [
            {gettext("Made on"): when(referral.created_at), gettext("To"): referral.get_kind_display()}
            for referral in Referral.objects.filter(person=user).order_by("created_at")
        ],
        gettext("Your incident log"): [
            {
                gettext("Date"): when(entry.occurred_on),
                gettext("Type"): entry.get_incident_type_display(),
                gettext("What happened"): entry.what_happened or None,
                gettext("How it affected me"): entry.how_it_affected_me or None,
            }
            for entry in IncidentLogEntry.objects.filter(owner=user).order_by("occurred_on", "pk")
        ],
    }


def erase_for(user) -> list[str]:
    lines: list[str] = []
    deleted, _ = IncidentLogEntry.all_objects.filter(owner=user).delete()
    if deleted:
        lines.append(
            ngettext(
                "Your incident log (%(count)d entry) was deleted.",
                "Your incident log (%(count)d entries) was deleted.",
                deleted,
            )
            % {"count": deleted}
        )
    finished = SupportRequest.objects.filter(requester=user).exclude(status__in=SupportRequest.OPEN_STATUSES)
    cleared = 0
    for request in finished.exclude(message="", contact_detail=""):
        request.message = request.contact_detail = ""
        request.save(update_fields=["message", "contact_detail"])
        cleared += 1
    if cleared:
        lines.append(gettext("Your messages and contact details were removed from your finished requests."))
    if SupportRequest.objects.filter(requester=user, status__in=SupportRequest.OPEN_STATUSES).exists():
        lines.append(
            Kept(gettext("Open requests are kept: a colleague is working on them. Withdraw them first if you wish."))
        )
    if finished.exists():
        lines.append(
            Kept(
                gettext(
                    "That you asked for a talk, when, and your supporters' notes are kept for %(days)d days after the "
                    "request was closed, so that the care given can be accounted for; then they are deleted."
                )
                % {"days": settings.PEER_SUPPORT_REQUEST_RETENTION_DAYS}
            )
        )
    if FollowUpPlan.objects.filter(person=user).exists():
        lines.append(
            Kept(
                gettext(
                    "Follow-up after an incident is kept with the incident for %(days)d days: your employer must "
                    "show that it offered care after a critical incident. You may decline the follow-up itself."
                )
                % {"days": settings.PEER_SUPPORT_INCIDENT_RETENTION_DAYS}
            )
        )
    return lines
