"""Someone who moves to another unit: a running campaign keeps counting them where they were
invited, the next campaign invites them in the new unit."""

from accounts.services import user_unit_change
from surveys.monitor.models import Participation
from tests.factories import UserFactory

from .conftest import campaign_make


def test_a_move_leaves_history_in_the_old_unit_and_counts_in_the_new_unit_from_then(org, today):
    person = UserFactory(unit=org["team_a"], roles=["employee"])
    before = campaign_make([org["national"]], name="Before the move")
    user_unit_change(user=person, unit=org["team_c"], by=None)
    after = campaign_make([org["national"]], name="After the move")
    assert Participation.objects.get(campaign=before, user=person).unit == org["team_a"]
    assert Participation.objects.get(campaign=after, user=person).unit == org["team_c"]


def test_a_campaign_of_the_old_unit_no_longer_invites_them(org, today):
    person = UserFactory(unit=org["team_a"], roles=["employee"])
    user_unit_change(user=person, unit=org["team_c"], by=None)
    groningen = campaign_make([org["groningen"]], name="Groningen only")
    assert not Participation.objects.filter(campaign=groningen, user=person).exists()
