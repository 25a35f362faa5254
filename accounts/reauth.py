"""Asking for the password (or the MFA code) again before sensitive steps.

`recent_login_required` guards a view: unless this session proved itself again within
ACCOUNT_REAUTHENTICATION_TIMEOUT (five minutes), the person is sent to allauth's check
(password, or the authenticator's code) and comes back to the page afterwards; a POST is
kept by allauth and replayed, so nothing typed is lost. Used before exports and role changes;
allauth asks for it itself before every change of MFA (MFA_REAUTHENTICATION_REQUIRED).

An account without a password (single sign-on only) and without an authenticator has
nothing to be asked again: allauth then counts it as recent (see docs/security-settings.md).
"""

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

__all__ = ["recent_login_required", "require_recent_login", "recently_logged_in"]


def recently_logged_in(request) -> bool:
    return request.user.is_authenticated and did_recently_reauthenticate(request)


def require_recent_login(request) -> None:
    """Raise allauth's ReauthenticationRequired (its middleware turns it into the check)."""
    if not recently_logged_in(request):
        raise ReauthenticationRequired()


def recent_login_required(view):
    """Decorator: the view runs only for a session that logged in again within five minutes."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"), REDIRECT_FIELD_NAME)
        require_recent_login(request)
        return view(request, *args, **kwargs)

    return wrapper
