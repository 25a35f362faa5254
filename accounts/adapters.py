from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are provisioned by the organisation: no public sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        # The login throttle counts per address like every other rate limit: through the
        # trusted proxies (TRUSTED_PROXY_COUNT), so the organisation's proxy is not one address.
        from core.ratelimit import client_address

        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # With OIDC_CREATES_ACCOUNTS the identity provider is the provisioning source;
        # otherwise single sign-on only logs in accounts that exist (matched by e-mail).
        return settings.OIDC_CREATES_ACCOUNTS
