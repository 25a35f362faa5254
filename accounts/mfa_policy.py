"""Who must use multi-factor authentication, and whether this session has done so."""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

SSO_METHOD = "socialaccount"


def logged_in_by_sso(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == SSO_METHOD for record in records)


def mfa_satisfied(request) -> bool:
    """True when the session's user may go on without setting up MFA here."""
    user = request.user
    if not user.is_privileged:
        return True
    if settings.OIDC_ENFORCES_MFA and logged_in_by_sso(request):
        return True
    return is_mfa_enabled(user)
