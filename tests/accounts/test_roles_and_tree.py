import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import PRIVILEGED_ROLES, ROLE_PERMISSIONS, Role, sync_roles
from tests.factories import UserFactory


@pytest.mark.django_db
class TestRoles:
    def test_every_role_exists_after_migrate(self):
        assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)

    def test_roles_carry_their_permissions(self):
        manager = Group.objects.get(name=Role.MANAGER)
        codenames = {f"{p.content_type.app_label}.{p.codename}" for p in manager.permissions.all()}
        assert codenames == set(ROLE_PERMISSIONS[Role.MANAGER])

    def test_syncing_twice_changes_nothing(self):
        before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
        sync_roles()
        sync_roles()
        after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
        assert before == after

    def test_only_employees_are_not_privileged(self):
        assert Role.EMPLOYEE not in PRIVILEGED_ROLES
        assert UserFactory(roles=[Role.EMPLOYEE]).is_privileged is False
        for role in PRIVILEGED_ROLES:
            assert UserFactory(roles=[role]).is_privileged is True


class TestSubtree:
    def test_users_under_a_unit_come_from_one_query(self, org):
        for unit in ["team_a", "team_b", "groningen", "team_c", "north"]:
            UserFactory(unit=org[unit])
        with CaptureQueriesContext(connection) as queries:
            emails = list(User.objects.in_subtree(org["groningen"]).values_list("email", flat=True))
        assert len(queries) == 1
        assert len(emails) == 3  # team A, team B and the district itself; not team C or North

    def test_the_subtree_of_a_region_holds_its_districts_and_teams(self, org):
        names = set(org["north"].subtree().values_list("name", flat=True))
        assert names == {"North", "Groningen", "Team A", "Team B"}

    def test_a_leaf_unit_is_its_own_subtree(self, org):
        assert list(org["team_c"].subtree()) == [org["team_c"]]
