"""Who must use multi-factor authentication, and whether *this session* has done so.

The answer comes from the session's authentication records (allauth writes one per
step: "password", "mfa", "socialaccount", ...), never from whether the user merely has
an authenticator: a session that only ever saw a password has not passed MFA, however
well the account is protected elsewhere.
"""

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

SSO_METHOD = "socialaccount"
MFA_METHOD = "mfa"

# What a privileged session still has to do before it may go on.
SATISFIED = "satisfied"
SET_UP = "set_up"  # no authenticator yet: set one up (which proves it in this session)
VERIFY = "verify"  # has an authenticator, but this session has not used it


def _methods(request) -> set[str]:
    return {record.get("method") for record in get_authentication_records(request, request.user)}


def logged_in_by_sso(request) -> bool:
    return SSO_METHOD in _methods(request)


def session_passed_mfa(request) -> bool:
    return MFA_METHOD in _methods(request)


def mfa_state(request) -> str:
    """SATISFIED, SET_UP or VERIFY for the session's (authenticated) user."""
    user = request.user
    if not user.is_privileged:
        return SATISFIED
    methods = _methods(request)
    if MFA_METHOD in methods:
        return SATISFIED
    if settings.OIDC_ENFORCES_MFA and SSO_METHOD in methods:
        return SATISFIED
    return VERIFY if is_mfa_enabled(user) else SET_UP


def mfa_satisfied(request) -> bool:
    """True when the session's user may go on without an MFA step here."""
    return mfa_state(request) == SATISFIED


def record_mfa_set_up(request, user, authenticator) -> None:
    """Setting up an authenticator proves it (allauth asked for a valid code), so the
    session counts as having passed MFA, as after a login with that authenticator."""
    if request is not None and getattr(request, "user", None) == user:
        record_authentication(request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, set_up=True)
