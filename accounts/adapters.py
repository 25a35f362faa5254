from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are provisioned by the organisation: no public sign-up."""

    def is_open_for_signup(self, request):
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # With OIDC_CREATES_ACCOUNTS the identity provider is the provisioning source;
        # otherwise single sign-on only logs in accounts that exist (matched by e-mail).
        return settings.OIDC_CREATES_ACCOUNTS
