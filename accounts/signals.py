from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in, dispatch_uid="accounts.remember_language")
def apply_saved_language(sender, request, user, **kwargs):
    # The saved choice wins over the browser's Accept-Language from the next response on.
    translation.activate(user.language)
    request.LANGUAGE_CODE = user.language
