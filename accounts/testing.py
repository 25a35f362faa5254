"""A Django test client for tests and benchmarks, whose logins look like real ones."""

import time

from django.test import Client


class PortalClient(Client):
    """A test client whose `force_login` stands for a full login through allauth.

    The MFA middleware decides from the session's authentication records, so a bare
    `force_login` would be a password-less, MFA-less session that no real login path
    can produce. `mfa=True` (the default) records a password step and, for a user with
    an authenticator, the MFA step, as allauth does; `mfa=False` records the password
    alone, which is what the tests of the MFA rule need.
    """

    def force_login(self, user, backend=None, *, mfa=True):
        from allauth.account.internal.flows.login import (
            _AUTHENTICATION_METHODS_USER_SESSION_KEY,
            AUTHENTICATION_METHODS_SESSION_KEY,
        )
        from allauth.mfa.models import Authenticator

        super().force_login(user, backend)
        records = [{"method": "password", "at": time.time(), "email": user.email}]
        if mfa:
            authenticator = Authenticator.objects.filter(user=user).exclude(type="recovery_codes").first()
            if authenticator is not None:
                records.append({"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": authenticator.type})
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()

    def reauthenticate(self):
        """Record that this session just gave its password again (allauth's reauthentication),
        as `accounts.reauth.recent_login_required` asks before exports and role changes."""
        from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

        session = self.session
        records = list(session.get(AUTHENTICATION_METHODS_SESSION_KEY, []))
        records.append({"method": "password", "at": time.time(), "reauthenticated": True})
        session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        session.save()
        return self
