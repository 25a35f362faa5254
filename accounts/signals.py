from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.contrib.auth.signals import user_logged_out as django_user_logged_out
from django.dispatch import receiver
from django.utils import translation

from .mfa_policy import record_mfa_set_up
from .middleware import session_clock_start

# A language chosen before logging in (on the login page, or at the MFA step), kept in the session.
LANGUAGE_CHOICE_SESSION_KEY = "portal_language_choice"


@receiver(user_logged_in, dispatch_uid="accounts.remember_language")
def apply_saved_language(sender, request, user, **kwargs):
    """The choice made last wins: one made just before this login is saved on the account;
    otherwise the saved one wins over the browser's Accept-Language and an old cookie."""
    choice = request.session.pop(LANGUAGE_CHOICE_SESSION_KEY, None)
    if choice in dict(settings.LANGUAGES) and choice != user.language:
        user.language = choice
        user.save(update_fields=["language"])
    translation.activate(user.language)
    request.LANGUAGE_CODE = user.language


@receiver(authenticator_added, dispatch_uid="accounts.mfa_set_up_counts")
def count_set_up_as_mfa(sender, request, user, authenticator, **kwargs):
    record_mfa_set_up(request, user, authenticator)


@receiver(django_user_logged_in, dispatch_uid="accounts.session_clock_start")
def start_session_clock(sender, request, user, **kwargs):
    """Every login, by whatever path, starts the idle and total clocks of its session."""
    session_clock_start(sender, request, user)


@receiver(django_user_logged_out, dispatch_uid="accounts.forget_user_session")
def forget_user_session(sender, request, user, **kwargs):
    """A login that ends leaves no line (address, browser) in the list of active logins."""
    from allauth.usersessions.models import UserSession

    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
