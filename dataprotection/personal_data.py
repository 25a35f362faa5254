"""The person's own requests to erase their data, for the export (core/personal_data.py)."""

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from core.personal_data import Kept, when

from .models import ErasureRequest

TITLE = gettext_lazy("Your requests about your data")


def export_for(user) -> dict:
    return {
        gettext("Requests to erase your data"): [
            {
                gettext("Asked at"): when(request.created_at),
                gettext("Reason"): request.reason or None,
                gettext("Status"): request.get_status_display(),
                gettext("Handled at"): when(request.handled_at),
                gettext("Removed"): request.removed,
                gettext("Kept"): request.kept,
                gettext("Why it was declined"): request.decline_reason or None,
            }
            for request in ErasureRequest.objects.filter(person=user)
        ]
    }


def erase_for(user) -> list[str]:
    return [
        Kept(
            gettext(
                "This request and its outcome are kept for %(days)d days: they show that your request was answered."
            )
            % {"days": settings.RETENTION_AUDIT_DAYS}
        )
    ]
