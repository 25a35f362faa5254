"""Two organisations: the personas' Dutch tree (`org` in tests/conftest.py) and a small Danish one."""

import pytest

from accounts.roles import Role
from organisations.services import organisation_ensure
from tests.factories import UserFactory, unit_create, with_totp

DUTCH = {
    "name_en": "Dutch police",
    "name_nl": "Nationale Politie",
    "country": "NL",
    "time_zone": "Europe/Amsterdam",
    "languages": ["nl", "en"],
    "emergency_number": "112",
    "non_emergency_number": "0900-8844",
    "crisis_line_number": "0800-0113",
    "crisis_line_name_en": "113 Suicide Prevention",
    "crisis_line_name_nl": "113 Zelfmoordpreventie",
    "crisis_line_name_da": "113 Zelfmoordpreventie",
    "peer_support_phone": "0800-1234567",
    "escalate_urgent_minutes": 60,
    "escalate_normal_hours": 24,
}
DANISH = {
    "name_en": "Danish Prison and Probation Service",
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
    "escalate_urgent_minutes": 30,
    "escalate_normal_hours": 8,
}


@pytest.fixture
def nl_org(org):
    return organisation_ensure(root=org["national"], **DUTCH)


@pytest.fixture
def dk(db):
    # Sorted after "National", so that the personas' tree keeps its paths (roots are ordered by name).
    root = unit_create(name="Prison and Probation", kind="national")
    region = unit_create(name="Hovedstaden", parent=root, kind="region")
    second = unit_create(name="Sjaelland", parent=root, kind="region")
    prison = unit_create(name="Vestre", parent=region)
    return {"root": root, "region": region, "second_region": second, "prison": prison}


@pytest.fixture
def dk_org(dk):
    return organisation_ensure(root=dk["root"], **DANISH)


@pytest.fixture
def mette(dk):
    return UserFactory(
        email="mette@example.dk", first_name="Mette", unit=dk["prison"], roles=[Role.EMPLOYEE], language="da"
    )


@pytest.fixture
def dk_coordinator(dk):
    return with_totp(
        UserFactory(email="anne@example.dk", first_name="Anne", unit=dk["second_region"], roles=[Role.COORDINATOR])
    )


@pytest.fixture
def camilla(dk):
    """The Danish organisation's wellbeing officer."""
    return with_totp(
        UserFactory(email="camilla@example.dk", first_name="Camilla", unit=dk["root"], roles=[Role.WELLBEING_OFFICER])
    )
