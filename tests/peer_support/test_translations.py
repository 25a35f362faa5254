from pathlib import Path

import polib
import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "peer_support" / "locale"


@pytest.mark.parametrize("language", ["nl", "da"])
def test_the_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert po.percent_translated() == 100
    assert not [e.msgid for e in po if "fuzzy" in e.flags]
    assert not po.metadata_is_fuzzy
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (LOCALE / language / "LC_MESSAGES" / "django.po").stat().st_mtime - 60


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Praat met een collega"), ("da", "Tal med en kollega")],
)
def test_the_request_page_speaks_the_users_language(client, alice, language, expected):
    alice.language = language
    alice.save()
    client.force_login(alice)
    assert expected in client.get(reverse("peer_support:request_create")).content.decode()


def test_the_plan_names_its_protocol_in_the_readers_language(client, alice, mona):
    from django.utils import timezone

    from peer_support.services.incidents import incident_register

    incident = incident_register(
        registered_by=mona, incident_type="traffic", occurred_at=timezone.now(), unit=alice.unit, people=[alice]
    )
    alice.language = "da"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("peer_support:plan_detail", args=[incident.plans.get().pk])).content.decode()
    assert "TCO (kollegastøtte, hollandsk politi)" in page
