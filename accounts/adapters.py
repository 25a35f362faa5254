from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


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

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """allauth's "your account changed" mails, as the portal's neutral notice through the
        outbox (accounts/notices.py) instead of allauth's, which name the address and browser."""
        from allauth.account import app_settings

        from .notices import CHANGES, account_change_notify

        if not app_settings.EMAIL_NOTIFICATIONS or template_prefix not in CHANGES:
            return
        account_change_notify(user=user, change=CHANGES[template_prefix], email=email or "")


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # With OIDC_CREATES_ACCOUNTS the identity provider is the provisioning source;
        # otherwise single sign-on only logs in accounts that exist (matched by e-mail).
        return settings.OIDC_CREATES_ACCOUNTS

    def pre_social_login(self, request, sociallogin):
        """A closed account stays closed: single sign-on never opens it again, nor makes a
        second account for the same person. The identity provider says nothing on login
        about people who left (it simply refuses them); they are closed by the full staff
        list (`import_users --deactivate-missing`) or its deprovisioning hook
        (`close_accounts --reason sso`)."""
        from .models import User

        addresses = {address.email.lower() for address in sociallogin.email_addresses if address.email}
        user = sociallogin.user if sociallogin.user is not None and sociallogin.user.pk else None
        closed = (user is not None and not user.is_active) or User.objects.filter(
            email__in=addresses, is_active=False
        ).exists()
        if closed:
            raise ImmediateHttpResponse(redirect("account_inactive"))
