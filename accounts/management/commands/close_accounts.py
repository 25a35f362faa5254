import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import AccountClosure, User
from accounts.services import account_close


class Command(BaseCommand):
    help = (
        "Close the accounts of people who left, by e-mail address (arguments, or one a line on stdin): "
        "for the identity provider's deprovisioning hook (--reason sso) or the service desk."
    )

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="E-mail addresses; none: read them from stdin.")
        parser.add_argument(
            "--reason",
            choices=[AccountClosure.Reason.SSO, AccountClosure.Reason.OTHER],
            default=AccountClosure.Reason.OTHER,
        )
        parser.add_argument("--dry-run", action="store_true", help="Say who would be closed; change nothing.")

    def handle(self, *args, emails, reason, dry_run, **options):
        wanted = [email.strip().lower() for email in (emails or sys.stdin.read().split()) if email.strip()]
        if not wanted:
            raise CommandError("No e-mail addresses given.")
        found = {user.email: user for user in User.objects.filter(email__in=wanted)}
        unknown = [email for email in wanted if email not in found]
        for email in unknown:
            self.stderr.write(f"no such account: {email}")
        closed = 0
        for email in wanted:
            user = found.get(email)
            if user is None:
                continue
            if not user.is_active:
                self.stdout.write(f"already closed: {email}")
                continue
            if dry_run:
                self.stdout.write(f"would close: {email}")
                continue
            handover = account_close(user=user, by=None, reason=reason)
            closed += 1
            self.stdout.write(f"closed: {email} open_work={len(handover.lines)} to_move={len(handover.urgent)}")
        self.stdout.write(f"closed={closed}" + (" (dry run: nothing was changed)" if dry_run else ""))
        if unknown:
            raise CommandError(f"{len(unknown)} address(es) have no account: see the lines above.")
