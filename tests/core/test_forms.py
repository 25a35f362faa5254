"""Form helpers every app uses: choices that cannot be keys, and messages about length."""

import pytest
from django.urls import reverse

from core.forms import ModelMultipleChoiceField
from surveys.monitor.forms import CampaignForm


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", "9223372036854775808"])
def test_a_choice_beyond_any_key_is_refused_like_any_unknown_choice(org, value):
    """SQLite raised OverflowError for it (Django's `__in` lookup does not check the range)."""
    field = ModelMultipleChoiceField(queryset=type(org["national"]).objects.all())
    with pytest.raises(Exception) as refused:
        field.clean([str(org["national"].pk), value])
    assert refused.type.__name__ == "ValidationError" and refused.value.code == "invalid_choice"


def test_the_biggest_key_itself_is_still_asked_for(org):
    field = ModelMultipleChoiceField(queryset=type(org["national"]).objects.all(), required=False)
    with pytest.raises(Exception) as refused:
        field.clean(["9223372036854775807"])
    assert refused.value.code == "invalid_choice"


def test_a_campaign_for_a_unit_number_beyond_any_key_gets_a_message(org):
    form = CampaignForm({"name": "Spring", "units": ["99999999999999999999"]})
    assert "units" in form.errors


def test_a_reflection_series_with_such_a_participant_gets_a_message(client, mona):
    from peer_support.models import ReflectionSeries

    client.force_login(mona)
    response = client.post(reverse("peer_support:reflection_create"), {"participants": "99999999999999999999"})
    assert response.status_code == 200 and not ReflectionSeries.objects.exists()
