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


@pytest.mark.django_db
class TestGroupPermissionsCache:
    """Each role's permissions come from the shared cache (roles.group_permissions), not from a
    query per request; a change to a role's permissions applies to the next request at once."""

    def test_a_request_reads_the_permissions_of_the_users_groups_from_the_cache(self):
        manager = UserFactory(roles=[Role.MANAGER])
        assert User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")  # fills the cache
        user = User.objects.get(pk=manager.pk)
        with CaptureQueriesContext(connection) as queries:
            assert user.has_perm("accounts.view_unit_aggregates")
            assert not user.has_perm("accounts.provide_care")
            assert user.get_group_permissions() == set(ROLE_PERMISSIONS[Role.MANAGER])
        read = [q["sql"] for q in queries.captured_queries]
        assert not any('"auth_group_permissions"' in sql for sql in read), read
        assert len(read) == 2  # the user's groups (role_names) and their own permissions, once

    def test_taking_a_permission_from_a_role_applies_to_the_next_request(self):
        manager = UserFactory(roles=[Role.MANAGER])
        assert User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")
        group = Group.objects.get(name=Role.MANAGER)
        group.permissions.remove(*group.permissions.filter(codename="view_unit_aggregates"))
        assert not User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")
        sync_roles()
        assert User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")

    def test_a_role_taken_away_takes_its_permissions_with_it_on_the_next_request(self):
        manager = UserFactory(roles=[Role.MANAGER])
        assert User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")
        manager.groups.clear()
        assert not User.objects.get(pk=manager.pk).has_perm("accounts.view_unit_aggregates")

    def test_a_superuser_has_every_permission_and_an_inactive_user_none(self):
        from django.contrib.auth.models import Permission

        boss = UserFactory(roles=[Role.EMPLOYEE], is_superuser=True)
        assert len(User.objects.get(pk=boss.pk).get_group_permissions()) == Permission.objects.count()
        gone = UserFactory(roles=[Role.MANAGER], is_active=False)
        assert User.objects.get(pk=gone.pk).get_all_permissions() == set()
