import time
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from .mfa_policy import SET_UP, VERIFY, mfa_state

# Where a login session keeps when it began and when it was last used (epoch seconds).
SESSION_STARTED_KEY = "_portal_session_started"
SESSION_SEEN_KEY = "_portal_session_seen"
# The last use is written at most this often, so a page view does not always write the session.
SEEN_RESOLUTION_SECONDS = 60
# Sent by requests a page makes by itself (htmx polling), which are not the person's activity.
BACKGROUND_HEADER = "X-Portal-Background"


def session_limits(user) -> tuple[int, int]:
    """(idle seconds, total seconds) a login of this user may last (settings.SESSION_*)."""
    if user.is_privileged:
        return settings.SESSION_IDLE_MINUTES_PRIVILEGED * 60, settings.SESSION_MAX_HOURS_PRIVILEGED * 3600
    return settings.SESSION_IDLE_MINUTES_EMPLOYEE * 60, settings.SESSION_MAX_HOURS_EMPLOYEE * 3600


def session_clock_start(sender, request, user, **kwargs) -> None:
    """Starts both clocks at login (Django's user_logged_in, connected in signals.py)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Ends a login left unused too long, or open too long in all (ASVS 3.3.2).

    Privileged roles: 30 minutes idle, 12 hours at most; employees: see settings. The person
    lands on the login page with a calm word about why, and comes back to the page they asked
    for after logging in again. A session from before this rule gets its clocks now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED_KEY)
            seen = session.get(SESSION_SEEN_KEY)
            if started is None or seen is None:
                session[SESSION_STARTED_KEY] = started = started or now
                session[SESSION_SEEN_KEY] = seen = now
            idle, total = session_limits(user)
            if now - seen > idle or now - started > total:
                return self._end(request, user)
            # A page refreshing itself (the support queue's poll says so in a header) is not the
            # person using the portal: it must not keep an unattended screen logged in.
            background = request.headers.get(BACKGROUND_HEADER) == "1"
            if now - seen >= SEEN_RESOLUTION_SECONDS and not background:
                session[SESSION_SEEN_KEY] = now
                self._record_seen(request)
        return self.get_response(request)

    def _end(self, request, user):
        language = user.language or translation.get_language()
        next_path = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        with translation.override(language):
            messages.info(
                request,
                gettext(
                    "You were logged out because the portal was not used for a while, so that nobody else "
                    "can read your page. Please log in again to go on."
                ),
            )
        target = reverse(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            # A part of a page asked (htmx): the whole page goes to the login, not into the part.
            response = HttpResponse(status=200)
            response["HX-Redirect"] = target
            return response
        if next_path and next_path != "/":
            target += "?" + urlencode({"next": next_path})
        return redirect(target)

    @staticmethod
    def _record_seen(request) -> None:
        """The list of active sessions shows when each was last used, to the minute."""
        from allauth.usersessions.models import UserSession

        key = request.session.session_key
        if key:
            UserSession.objects.filter(session_key=key).update(last_seen_at=timezone.now())


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

    ALWAYS_ALLOWED = ("/accounts/logout/", "/i18n/", "/healthz", "/readyz", "/language/")
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
