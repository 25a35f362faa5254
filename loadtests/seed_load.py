"""The people and times the load test needs, on top of `seed_demo`: one function, `seed()`.

    python loadtests/seed_load.py [--employees 200] [--psychologists 10] [--supporters 10] [--managers 5]

Every account is `load-<role>-<n>@load.example` with the password `LOAD_PASSWORD` (one hash,
computed once: hashing 200 passwords would take longer than the load test's own logins), and
every privileged account the TOTP secret `LOAD_TOTP_SECRET`, so that the locustfile can compute
its codes. Idempotent: run again, it adds what is missing.

A load-test database only: `loadtests/run.sh` makes a fresh one each run. When a scale seeder
(`manage.py seed_scale`) lands, `seed()` is the one function to swap.
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

LOAD_PASSWORD = "load-test-password-2026"  # noqa: S105 (a throwaway database's accounts)
LOAD_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the demo's, documented in the README
EMAIL_DOMAIN = "load.example"
# An open monitor campaign for the load-test employees (the demo's was launched before they existed).
CAMPAIGN_NAME = "Load test pulse"
# Requests for a colleague's support waiting in the supporters' queue (one per employee at most).
SUPPORT_REQUESTS = 40


def account_email(role: str, number: int) -> str:
    return f"load-{role}-{number}@{EMAIL_DOMAIN}"


def seed(*, employees: int = 200, psychologists: int = 10, supporters: int = 10, managers: int = 5, stdout=None):
    """Create (or complete) the load test's accounts, the psychologists' times and an open campaign."""
    import os

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import OrganisationUnit, User
    from accounts.roles import Role
    from accounts.services import user_provision

    if os.environ.get("LOADTEST_SEED") != "1":
        # Accounts with a published password and authenticator secret: never in a real database.
        # loadtests/run.sh says so for the database it has just made (and the tests for theirs).
        raise SystemExit("seed_load: refusing to seed: set LOADTEST_SEED=1, for a load test's own database only.")
    write = stdout.write if stdout else print
    teams = list(OrganisationUnit.objects.filter(code__startswith="team-").order_by("code"))
    districts = list(OrganisationUnit.objects.filter(code__startswith="district-").order_by("code"))
    national = OrganisationUnit.objects.get(code="national")
    if not teams:
        raise SystemExit("Run `manage.py seed_demo` first: the load-test people work in the demo's units.")
    password_hash = make_password(LOAD_PASSWORD)
    people = (
        [("employee", n, teams[n % len(teams)], [Role.EMPLOYEE], []) for n in range(employees)]
        + [("psychologist", n, national, [Role.PSYCHOLOGIST], []) for n in range(psychologists)]
        + [("supporter", n, teams[n % len(teams)], [Role.PEER_SUPPORTER], []) for n in range(supporters)]
        + [
            ("manager", n, districts[n % len(districts)], [Role.MANAGER], [districts[n % len(districts)]])
            for n in range(managers)
        ]
    )
    with transaction.atomic():
        for role, number, unit, roles, managed in people:
            user, created = user_provision(
                email=account_email(role, number),
                first_name=f"Load {role}",
                last_name=str(number),
                unit=unit,
                roles=roles,
                language="en",
                managed_units=managed,
            )
            if created or user.password != password_hash:
                User.objects.filter(pk=user.pk).update(password=password_hash)
            if (
                user.is_privileged
                and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            ):
                TOTP.activate(user, LOAD_TOTP_SECRET)
    write(f"load: {len(people)} accounts ({employees} employees)")
    _seed_psychologists(psychologists, write)
    _seed_campaign(national, write)
    _seed_support_requests(min(employees, SUPPORT_REQUESTS), write)


def _seed_psychologists(count: int, write) -> None:
    """Each load psychologist: video times every weekday, 08:00 to 18:00, for check-ups and preventive talks."""
    from accounts.models import User
    from checkups.models import AppointmentType, Mode, Slot
    from checkups.services import psychologist_profile_ensure, slots_materialise

    types = list(AppointmentType.objects.filter(slug__in=["check-up", "preventive-talk"]))
    for number in range(count):
        user = User.objects.get(email=account_email("psychologist", number))
        psychologist = psychologist_profile_ensure(user=user)
        psychologist.language_codes = ["en", "nl"]
        psychologist.video_link = f"https://video.example.org/room/load-{number}"
        psychologist.save()
        for weekday in range(5):
            window, created = psychologist.windows.get_or_create(
                weekday=weekday,
                start_time=dt.time(8),
                defaults={"end_time": dt.time(18), "mode": Mode.VIDEO},
            )
            if created:
                window.appointment_types.set(types)
        slots_materialise(psychologist=psychologist)
    write(f"load: {Slot.objects.filter(psychologist__user__email__endswith=EMAIL_DOMAIN).count()} slots")


def _seed_campaign(national, write) -> None:
    from django.utils import timezone

    from surveys.monitor import services
    from surveys.monitor.models import Campaign

    if Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME,
        name_nl=CAMPAIGN_NAME,
        name_da=CAMPAIGN_NAME,
        parts=["copsoq3"],
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=20),
        free_text=False,
    )
    campaign.units.set([national])
    services.campaign_launch(campaign=campaign)
    write(f"load: campaign {CAMPAIGN_NAME!r} open")


def _seed_support_requests(count: int, write) -> None:
    from accounts.models import User
    from core.errors import DomainError
    from peer_support.services.requests import support_request_create

    made = 0
    for number in range(count):
        requester = User.objects.get(email=account_email("employee", number))
        try:
            support_request_create(
                requester=requester,
                contact_detail="+31612345678",
                message="A heavy shift last night; I would like to talk to someone.",
            )
        except DomainError:
            continue  # already has an open request (a second run)
        made += 1
    write(f"load: {made} new requests for support")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--psychologists", type=int, default=10)
    parser.add_argument("--supporters", type=int, default=10)
    parser.add_argument("--managers", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing.settings")
    import django

    django.setup()
    seed(employees=args.employees, psychologists=args.psychologists, supporters=args.supporters, managers=args.managers)


if __name__ == "__main__":
    main()
