"""The neutral e-mail sent when something that protects an account changes.

allauth asks for it (ACCOUNT_EMAIL_NOTIFICATIONS) after a password change, set or reset, an
authenticator added or removed, new recovery codes, a linked single sign-on account; the
admin asks for it when a login address changes. It goes through the outbox like every mail of
the portal, at once (urgent: quiet hours do not hold it back). It names the kind of change
only: no address, no browser, no time of day, nothing about health, so a lock screen or a
shared mailbox learns nothing more than that the account changed.
"""

import secrets

from django.utils import timezone

# allauth's notification templates, by what changed in the person's words (templates/emails/
# account_changed_body.txt has one sentence per kind).
PASSWORD, AUTHENTICATOR, EMAIL, SIGN_IN = "password", "authenticator", "email", "sign_in"
CHANGES = {
    "account/email/password_changed": PASSWORD,
    "account/email/password_set": PASSWORD,
    "account/email/password_reset": PASSWORD,
    "account/email/email_changed": EMAIL,
    "account/email/email_confirm": EMAIL,
    "account/email/email_deleted": EMAIL,
    "mfa/email/totp_activated": AUTHENTICATOR,
    "mfa/email/totp_deactivated": AUTHENTICATOR,
    "mfa/email/recovery_codes_generated": AUTHENTICATOR,
    "mfa/email/webauthn_added": AUTHENTICATOR,
    "mfa/email/webauthn_removed": AUTHENTICATOR,
    "socialaccount/email/account_connected": SIGN_IN,
    "socialaccount/email/account_disconnected": SIGN_IN,
}
TEMPLATE = "account_changed"


def account_change_notify(*, user, change: str, email: str = "", now=None) -> None:
    """Queue the notice to `email` (the address before a change) or the person's own."""
    from notifications.services import message_schedule

    now = now or timezone.now()
    message_schedule(
        # Each change is its own message: a random part, never two changes folded into one.
        key=f"account-changed:{user.pk}:{change}:{now.timestamp()}:{secrets.token_hex(4)}",
        template=TEMPLATE,
        recipient=user,
        to_email=email,
        language=user.language,
        context={"change": change},
        due_at=now,
        urgent=True,
    )
