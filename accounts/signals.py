from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver
from django.utils import translation

from .mfa_policy import record_mfa_set_up


@receiver(user_logged_in, dispatch_uid="accounts.remember_language")
def apply_saved_language(sender, request, user, **kwargs):
    # The saved choice wins over the browser's Accept-Language from the next response on.
    translation.activate(user.language)
    request.LANGUAGE_CODE = user.language


@receiver(authenticator_added, dispatch_uid="accounts.mfa_set_up_counts")
def count_set_up_as_mfa(sender, request, user, authenticator, **kwargs):
    record_mfa_set_up(request, user, authenticator)
