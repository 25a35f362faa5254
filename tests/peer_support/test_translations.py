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


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Response times, last 90 days"), ("nl", "Reactietijden, afgelopen 90 dagen")],
)
def test_the_coordination_page_names_the_period_of_its_figures(client, carol, language, expected):
    """The period comes from the one constant the figures are counted with."""
    carol.language = language
    carol.save()
    client.force_login(carol)
    response = client.get(reverse("peer_support:coordination"))
    assert response.status_code == 200 and expected in response.content.decode()


@pytest.mark.parametrize(("language", "expected"), [("en", "between 0 and 80"), ("da", "mellem 0 og 80")])
def test_a_total_out_of_range_is_refused_with_the_range_in_the_readers_language(language, expected):
    from django.utils import translation

    from peer_support.forms import ShareScoreForm

    with translation.override(language):
        form = ShareScoreForm({"score": "81"})
        assert not form.is_valid()
        assert expected in form.errors["score"][0]
