import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from .mfa_policy import mfa_satisfied


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
    """Sends a privileged user without an authenticator to MFA set-up.

    allauth has no "MFA required" switch. Until such a user has set up TOTP (or a
    security key), they can reach only the MFA pages, logout, static files, the
    language switch and the health check.
    """

    ALLOWED_PREFIXES = (
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
        "/accounts/logout/",
        "/i18n/",
        "/healthz",
        "/language/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._allowed(request.path):
            if not mfa_satisfied(request):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path.startswith(self.ALLOWED_PREFIXES)
