"""Retention of what closing an account leaves behind (applied by core's daily task).

The closed account and its closure record stay as long as the account (their own records
follow their own apps' rules). The list of their open work is only there to hand it over:
an item goes RETENTION_HANDOVER_DAYS after someone ticked it off, and any item when its
closure is RETENTION_AUDIT_DAYS old (work taken over through its own service, a request
assigned, drops off the page at once and goes then). Items name no one but the person who
left, through the closure.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q

from core.retention import retention_rule

from .models import HandoverItem


@retention_rule("accounts.handover_items")
def handover_items_delete(now) -> int:
    handed_over = now - dt.timedelta(days=settings.RETENTION_HANDOVER_DAYS)
    oldest = now - dt.timedelta(days=settings.RETENTION_AUDIT_DAYS)
    deleted, _ = HandoverItem.objects.filter(Q(done_at__lt=handed_over) | Q(closure__closed_at__lt=oldest)).delete()
    return deleted


@retention_rule("accounts.user_sessions")
def user_sessions_delete(now) -> int:
    """The list of active logins (allauth.usersessions: network address, browser) keeps a line
    only while its login can still be alive. Logging out deletes it at once (signals.py); this
    catches logins that simply ran out: idle past the longest idle limit (plus the minute the
    last use may lag, accounts.middleware), or older than the longest total limit."""
    from allauth.usersessions.models import UserSession

    idle = max(settings.SESSION_IDLE_MINUTES_PRIVILEGED, settings.SESSION_IDLE_MINUTES_EMPLOYEE) + 1
    total = max(settings.SESSION_MAX_HOURS_PRIVILEGED, settings.SESSION_MAX_HOURS_EMPLOYEE)
    deleted, _ = UserSession.objects.filter(
        Q(last_seen_at__lt=now - dt.timedelta(minutes=idle)) | Q(created_at__lt=now - dt.timedelta(hours=total))
    ).delete()
    return deleted


@retention_rule("accounts.expired_sessions")
def expired_sessions_delete(now) -> int:
    """A login session's row (the session table: the user id, the open-consultation marker, the
    last login's time) is useless once it has expired: nobody can log in with it again. Django
    leaves such rows for `clearsessions`; this is that command, as a daily rule. The cached copy
    expires with the session by itself."""
    from importlib import import_module

    from .sessions import ends_database_sessions

    engine = import_module(settings.SESSION_ENGINE)
    if not ends_database_sessions(engine):
        return 0
    deleted, _ = engine.SessionStore.get_model_class().objects.filter(expire_date__lt=now).delete()
    return deleted
