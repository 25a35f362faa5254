"""Demo data for the embedded default: a small organisation and one user per role.

Idempotent: running it twice leaves the same database. Later capabilities add their
own demo data through `wellbeing.demo.DEMO_SEEDERS`, each idempotent as well.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import OrganisationUnit
from accounts.roles import Role
from accounts.services import user_provision, user_roles_set
from core import demo
from organisations.services import organisation_ensure

# (code, name, kind, children)
ORGANISATION = (
    "national",
    "Nationale Politie",
    OrganisationUnit.Kind.NATIONAL,
    [
        (
            "region-north",
            "Regio Noord",
            OrganisationUnit.Kind.REGION,
            [
                (
                    "district-groningen",
                    "District Groningen",
                    OrganisationUnit.Kind.DISTRICT,
                    [
                        ("team-groningen-centrum", "Team Groningen Centrum", OrganisationUnit.Kind.TEAM, []),
                        ("team-groningen-noord", "Team Groningen Noord", OrganisationUnit.Kind.TEAM, []),
                    ],
                ),
                (
                    "district-friesland",
                    "District Friesland",
                    OrganisationUnit.Kind.DISTRICT,
                    [("team-leeuwarden", "Team Leeuwarden", OrganisationUnit.Kind.TEAM, [])],
                ),
            ],
        ),
        (
            "region-south",
            "Regio Zuid",
            OrganisationUnit.Kind.REGION,
            [
                (
                    "district-eindhoven",
                    "District Eindhoven",
                    OrganisationUnit.Kind.DISTRICT,
                    [
                        ("team-eindhoven-centrum", "Team Eindhoven Centrum", OrganisationUnit.Kind.TEAM, []),
                        ("team-eindhoven-zuid", "Team Eindhoven Zuid", OrganisationUnit.Kind.TEAM, []),
                    ],
                ),
                (
                    "district-maastricht",
                    "District Maastricht",
                    OrganisationUnit.Kind.DISTRICT,
                    [("team-maastricht", "Team Maastricht", OrganisationUnit.Kind.TEAM, [])],
                ),
            ],
        ),
    ],
)

# A second organisation, Danish, so that each reader sees their own numbers and language.
ORGANISATION_DK = (
    "kriminalforsorgen",
    "Kriminalforsorgen",
    OrganisationUnit.Kind.NATIONAL,
    [
        (
            "dk-region-hovedstaden",
            "Region Hovedstaden",
            OrganisationUnit.Kind.REGION,
            [
                ("dk-koebenhavns-faengsler", "Københavns Fængsler", OrganisationUnit.Kind.TEAM, []),
                ("dk-statsfaengslet-horseroed", "Statsfængslet Horserød", OrganisationUnit.Kind.TEAM, []),
            ],
        ),
    ],
)

# The settings of the two demo organisations (applied when the organisation is created; an
# officer's later edits are kept).
ORGANISATION_SETTINGS = {
    "national": {
        "name_en": "Dutch National Police",
        "name_nl": "Nationale Politie",
        "name_da": "Det nederlandske nationale politi",
        "country": "NL",
        "time_zone": "Europe/Amsterdam",
        "languages": ["nl", "en"],
        "emergency_number": "112",
        "non_emergency_number": "0900-8844",
        "crisis_line_number": "0800-0113",
        "crisis_line_name_en": "113 Suicide Prevention",
        "crisis_line_name_nl": "113 Zelfmoordpreventie",
        "crisis_line_name_da": "113 Selvmordsforebyggelse",
        "peer_support_phone": "0800-1234567",
        "sms_sender": "Politie",
    },
    "kriminalforsorgen": {
        "name_en": "Danish Prison and Probation Service",
        "name_nl": "Deense gevangenis- en reclasseringsdienst",
        "name_da": "Kriminalforsorgen",
        "country": "DK",
        "time_zone": "Europe/Copenhagen",
        "languages": ["da", "en"],
        "emergency_number": "112",
        "non_emergency_number": "114",
        "crisis_line_number": "70 201 201",
        "crisis_line_name_en": "Livslinien",
        "crisis_line_name_nl": "Livslinien",
        "crisis_line_name_da": "Livslinien",
        "peer_support_phone": "70 12 34 56",
        "sms_sender": "KRIFO",
    },
}

DEMO_PASSWORD = "demo-wellbeing-2026"
# Documented in the README: add it to an authenticator app to log in as a privileged demo user.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# email, first name, last name, unit code, role, language, managed unit codes
DEMO_USERS = [
    ("employee@demo.example", "Eva", "de Vries", "team-groningen-centrum", Role.EMPLOYEE, "nl", []),
    ("peer@demo.example", "Pieter", "Bakker", "team-groningen-noord", Role.PEER_SUPPORTER, "nl", []),
    ("coordinator@demo.example", "Carla", "Jansen", "district-groningen", Role.COORDINATOR, "nl", []),
    ("psychologist@demo.example", "Sanne", "Visser", "national", Role.PSYCHOLOGIST, "en", []),
    ("manager@demo.example", "Mark", "Smit", "district-groningen", Role.MANAGER, "nl", ["district-groningen"]),
    ("wellbeing@demo.example", "Wendy", "Mulder", "national", Role.WELLBEING_OFFICER, "en", []),
    ("counsellor@demo.example", "Karin", "Dekker", "national", Role.COUNSELLOR, "da", []),
    ("admin@demo.example", "Ad", "Min", "national", Role.ADMIN, "en", []),
    ("trainer@demo.example", "Tessa", "Bos", "national", Role.TRAINER, "nl", []),
    ("dpo@demo.example", "Dana", "Peters", "national", Role.DATA_PROTECTION, "en", []),
]
# The Danish organisation's people (same columns; their time zone is Copenhagen's).
DEMO_USERS_DK = [
    ("medarbejder@demo.example", "Mette", "Nielsen", "dk-koebenhavns-faengsler", Role.EMPLOYEE, "da", []),
    ("kollega@demo.example", "Lars", "Jensen", "dk-statsfaengslet-horseroed", Role.EMPLOYEE, "da", []),
    ("kollegastotte@demo.example", "Søren", "Hansen", "dk-koebenhavns-faengsler", Role.PEER_SUPPORTER, "da", []),
    ("koordinator@demo.example", "Anne", "Pedersen", "dk-region-hovedstaden", Role.COORDINATOR, "da", []),
    ("trivsel@demo.example", "Camilla", "Andersen", "kriminalforsorgen", Role.WELLBEING_OFFICER, "da", []),
]
DK_TIME_ZONE = "Europe/Copenhagen"


def _ensure_units(spec, parent=None):
    code, name, kind, children = spec
    unit = OrganisationUnit.objects.filter(code=code).first()
    if unit is None:
        fields = {"code": code, "name": name, "kind": kind}
        unit = (
            OrganisationUnit.objects.add_child(parent, fields) if parent else OrganisationUnit.objects.add_root(fields)
        )
    for child in children:
        _ensure_units(child, unit)
    return unit


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo organisation, one user per role, and demo content."

    @transaction.atomic
    def handle(self, *args, **options):
        for spec in (ORGANISATION, ORGANISATION_DK):
            root = _ensure_units(spec)
            organisation_ensure(root=root, **ORGANISATION_SETTINGS[root.code])
        units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
        for email, first, last, unit_code, role, language, managed in DEMO_USERS + DEMO_USERS_DK:
            user, _created = user_provision(
                email=email,
                first_name=first,
                last_name=last,
                unit=units[unit_code],
                roles=[role],
                language=language,
                managed_units=[units[c] for c in managed],
            )
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
            if unit_code.startswith("dk-") or unit_code == ORGANISATION_DK[0]:
                user.time_zone = DK_TIME_ZONE
            user.save()
            user_roles_set(user=user, actor=None, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
            if (
                user.is_privileged
                and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
        # A few colleagues so that the organisation is not empty.
        for index, unit_code in enumerate(sorted(c for c in units if c.startswith("team-"))):  # Dutch teams
            for n in range(1, 4):
                user_provision(
                    email=f"colleague{index}{n}@demo.example",
                    first_name=f"Colleague {index}{n}",
                    unit=units[unit_code],
                    roles=[Role.EMPLOYEE],
                )
        for seeder in demo.seeders():
            seeder(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo password for every demo user: {DEMO_PASSWORD}")
        self.stdout.write(f"TOTP secret for privileged demo users: {DEMO_TOTP_SECRET}")
        self.stdout.write("Demo users: " + ", ".join(email for email, *_ in DEMO_USERS))
        self.stdout.write("Danish demo users: " + ", ".join(email for email, *_ in DEMO_USERS_DK))
