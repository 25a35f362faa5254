"""What self-tests and the monitor hold about a person, for export and erasure.

Self-test results are stored without anyone's name (privacy invariant 1) and monitor
answers without a link to who gave them (invariant 2): the portal cannot find them for a
person, so they are neither in the export nor erased; the export says so. What names the
person: reminders they asked for, their unfinished monitor answers (a draft), and that they
were invited to a campaign and whether they answered while it is open.
"""

import json

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from core.personal_data import Kept, when

from .models import RetakeReminder
from .monitor.models import Draft, Participation, Submission

TITLE = gettext_lazy("Self-tests and the staff survey")

ANONYMOUS = gettext_lazy(
    "Your self-test results and your answers to staff surveys are stored without your name and "
    "cannot be tied to you, not even by us: they cannot be shown here or removed."
)


def export_for(user) -> dict:
    answered = set(Submission.objects.filter(user=user).values_list("campaign_id", flat=True))
    drafts = {draft.campaign_id: draft for draft in Draft.objects.filter(user=user)}
    return {
        gettext("About your answers"): str(ANONYMOUS),
        gettext("Reminders to take a self-test again"): [
            {gettext("Due on"): when(reminder.due_on)} for reminder in RetakeReminder.objects.filter(user=user)
        ],
        gettext("Staff surveys you were invited to"): [
            {
                gettext("Survey"): participation.campaign.title,
                gettext("Answered"): participation.campaign_id in answered,
                gettext("Your unfinished answers"): json.loads(drafts[participation.campaign_id].answers or "{}")
                if participation.campaign_id in drafts
                else None,
            }
            for participation in Participation.objects.filter(user=user).select_related("campaign")
        ],
    }


def erase_for(user) -> list[str]:
    lines: list[str] = []
    reminders, _ = RetakeReminder.objects.filter(user=user).delete()
    drafts, _ = Draft.objects.filter(user=user).delete()
    if reminders or drafts:
        lines.append(gettext("Reminders you asked for and unfinished survey answers were removed."))
    if Participation.objects.filter(user=user).exists():
        lines.append(
            Kept(
                gettext(
                    "That you were invited to a staff survey is kept until %(days)d days after it closes, so that "
                    "nobody answers twice; then it is deleted."
                )
                % {"days": settings.MONITOR_PARTICIPATION_RETENTION_DAYS}
            )
        )
    lines.append(Kept(str(ANONYMOUS)))
    return lines
