"""Print the current code of the demo users' TOTP secret, so that nobody needs oathtool."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the six-digit code the demo users' authenticator would show now (only with DJANGO_DEBUG=true)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo secret is in the README: a portal with real people must never hand out its codes.
            raise CommandError("demo_totp runs only with DJANGO_DEBUG=true (the embedded demo, `make run`).")
        period = mfa_settings.TOTP_PERIOD
        now = time.time()
        counter = int(now) // period
        left = period - int(now) % period
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
        self.stdout.write(f"valid for {left} more seconds; each code logs in once")
        if left <= 5:
            following = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter + 1))
            self.stdout.write(f"the next code, in {left} seconds: {following}")
