import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from .mfa_policy import SET_UP, VERIFY, mfa_state


class UserPreferencesMiddleware:
    """Activates the logged-in user's saved language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class RequireMFAMiddleware:
    """Keeps a privileged session that has not passed MFA away from every page.

    allauth has no "MFA required" switch. The decision comes from this session's
    authentication records (`mfa_policy.mfa_state`):
    - a privileged user without an authenticator may reach only the MFA set-up pages
      (and the password check allauth asks for before them);
    - a privileged user with an authenticator whose session never used it (a password
      alone, from whatever login path) may reach only the MFA check itself, not the
      MFA management pages, so a stolen password cannot remove or replace the
      authenticator.
    Logout, static files, the language switch and the health check stay reachable.
    """

    ALWAYS_ALLOWED = ("/accounts/logout/", "/i18n/", "/healthz", "/language/")
    SET_UP_ALLOWED = ("/accounts/2fa/", "/accounts/reauthenticate/")
    VERIFY_ALLOWED = ("/accounts/2fa/reauthenticate/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._always_allowed(request.path):
            state = mfa_state(request)
            if state == SET_UP and not request.path.startswith(self.SET_UP_ALLOWED):
                return redirect(reverse("mfa_activate_totp"))
            if state == VERIFY and not request.path.startswith(self.VERIFY_ALLOWED):
                target = reverse("mfa_reauthenticate")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)

    def _always_allowed(self, path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path.startswith(self.ALWAYS_ALLOWED)
