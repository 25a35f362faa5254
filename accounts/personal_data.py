"""What the account holds about its person, for export and erasure (core/personal_data.py)."""

from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.personal_data import Kept, when

TITLE = gettext_lazy("Your account")


def _sessions(user) -> list[dict]:
    """The browsers logged in as `user` now (database sessions only): when each ends. Session
    keys are secrets that would let anyone who reads the file log in: never exported."""
    from .sessions import ends_database_sessions

    if not ends_database_sessions(import_module(settings.SESSION_ENGINE)):
        return []
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    return [
        {gettext("Ends at the latest"): when(session.expire_date)}
        for session in Session.objects.filter(expire_date__gt=timezone.now()).order_by("expire_date")
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]


def export_for(user) -> dict:
    from allauth.account.models import EmailAddress

    return {
        gettext("Profile"): {
            gettext("First name"): user.first_name,
            gettext("Last name"): user.last_name,
            gettext("E-mail address"): user.email,
            gettext("Unit"): str(user.unit) if user.unit_id else None,
            gettext("Roles"): sorted(str(name) for name in user.role_names),
            gettext("Account active"): user.is_active,
            gettext("Account since"): when(user.date_joined),
            gettext("Last login"): when(user.last_login),
            gettext("Closed at"): when(user.deactivated_at),
        },
        gettext("Preferences"): {
            gettext("Language"): user.language,
            gettext("Time zone"): user.time_zone,
            gettext("Quiet hours start"): user.quiet_hours_start.strftime("%H:%M") if user.quiet_hours_start else None,
            gettext("Quiet hours end"): user.quiet_hours_end.strftime("%H:%M") if user.quiet_hours_end else None,
            gettext("Mobile number for urgent alerts"): user.alert_phone or None,
        },
        gettext("E-mail addresses known to the login"): [
            {gettext("Address"): address.email, gettext("Verified"): address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        gettext("Logged-in sessions"): _sessions(user),
    }


def erase_for(user) -> list[str]:
    lines: list[str] = []
    if user.alert_phone or user.quiet_hours_start or user.quiet_hours_end:
        user.alert_phone = ""
        user.quiet_hours_start = user.quiet_hours_end = None
        user.save(update_fields=["alert_phone", "quiet_hours_start", "quiet_hours_end"])
        lines.append(gettext("Your mobile number for alerts and your quiet hours were removed."))
    lines.append(
        Kept(
            gettext(
                "Your name, e-mail address, unit and roles are kept as long as the account exists: your "
                "organisation provides them, and the access log and the handover of work refer to them."
            )
        )
    )
    return lines
