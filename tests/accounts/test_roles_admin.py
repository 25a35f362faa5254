"""Roles change only by a superuser (or the system), through one service, and every change is audited.

An administrator who is not a superuser manages accounts; if they could tick "superuser",
"staff" or a role on any account, their own included, they could make themselves anything.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.services import account_close, user_roles_set, users_import_csv
from core.models import AuditEntry
from tests.factories import UserFactory, with_totp


@pytest.fixture
def administrator(org):
    return with_totp(UserFactory(email="ada@example.org", first_name="Ada", roles=[Role.ADMIN], is_staff=True))


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def form_data(client, user, **changes):
    """What the change form would post as it stands, with `changes` ticked or chosen."""
    form = client.get(change_url(user)).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or form.fields[name].disabled:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def roles_of(user):
    user = User.objects.get(pk=user.pk)
    return user.is_staff, user.is_superuser, sorted(user.groups.values_list("name", flat=True))


def groups(*roles):
    return [str(Group.objects.get(name=role).pk) for role in roles]


def forbidden_changes():
    return {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": groups(Role.ADMIN, Role.PSYCHOLOGIST, Role.COORDINATOR),
    }


def test_an_administrator_cannot_make_themselves_superuser_or_give_themselves_roles(client, administrator):
    client.force_login(administrator)
    before = roles_of(administrator)
    response = client.post(change_url(administrator), form_data(client, administrator, **forbidden_changes()))
    assert response.status_code == 302  # the rest of the form is saved, roles are not part of it
    assert roles_of(administrator) == before == (True, False, ["admin"])
    assert not AuditEntry.objects.filter(action__startswith="role_").exists()


def test_an_administrator_cannot_give_someone_else_roles_or_staff_status(client, administrator, alice):
    client.force_login(administrator)
    before = roles_of(alice)
    client.post(change_url(alice), form_data(client, alice, **forbidden_changes(), first_name="Alicia"))
    alice.refresh_from_db()
    assert alice.first_name == "Alicia"  # an administrator still manages the account
    assert roles_of(alice) == before == (False, False, ["employee"])


def test_an_administrator_sees_roles_but_has_no_field_to_change_them(client, administrator, alice):
    client.force_login(administrator)
    response = client.get(change_url(alice))
    form = response.context["adminform"].form
    assert not {"groups", "is_staff", "is_superuser", "user_permissions"} & set(form.fields)
    assert "Only a superuser can change roles" in response.content.decode()


def test_an_administrator_cannot_change_a_superusers_account_at_all(client, administrator, admin_user):
    client.force_login(administrator)
    url = change_url(admin_user)
    assert client.get(url).status_code == 200  # may see it
    response = client.post(url, {"email": "ada@example.org", "first_name": "Taken"})
    assert response.status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.post(password_url, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.email != "ada@example.org" and admin_user.first_name != "Taken"
    assert admin_user.check_password("password")  # pytest-django's admin_user


def test_a_superuser_changes_roles_and_each_change_is_audited(admin_client, admin_user, alice):
    data = form_data(admin_client, alice, is_staff="on", groups=groups(Role.PSYCHOLOGIST))
    assert admin_client.post(change_url(alice), data).status_code == 302
    assert roles_of(alice) == (True, False, ["psychologist"])
    entries = AuditEntry.objects.filter(subject=alice, actor=admin_user)
    found = {(e.action, e.object_type, e.object_id) for e in entries}
    assert found == {
        ("role_added", "auth.group", str(Group.objects.get(name=Role.PSYCHOLOGIST).pk)),
        ("role_removed", "auth.group", str(Group.objects.get(name=Role.EMPLOYEE).pk)),
        ("staff_granted", "accounts.user", str(alice.pk)),
    }


def test_a_superuser_saving_without_a_change_writes_no_audit_entry(admin_client, alice):
    admin_client.post(change_url(alice), form_data(admin_client, alice))
    assert not AuditEntry.objects.exists()


def test_a_superuser_may_grant_and_revoke_superuser_status(admin_client, admin_user, alice):
    admin_client.post(change_url(alice), form_data(admin_client, alice, is_superuser="on", is_staff="on"))
    assert roles_of(alice)[:2] == (True, True)
    data = form_data(admin_client, alice)
    del data["is_superuser"]
    admin_client.post(change_url(alice), data)
    assert roles_of(alice)[:2] == (True, False)
    actions = list(AuditEntry.objects.filter(subject=alice).order_by("pk").values_list("action", flat=True))
    assert actions == ["staff_granted", "superuser_granted", "superuser_revoked"]


class TestTheService:
    def test_only_a_superuser_or_the_system_may_change_roles(self, administrator, alice, admin_user):
        with pytest.raises(PermissionDenied):
            user_roles_set(user=administrator, actor=administrator, is_superuser=True)
        with pytest.raises(PermissionDenied):
            user_roles_set(user=alice, actor=administrator, roles=[Role.PSYCHOLOGIST])
        assert roles_of(administrator) == (True, False, ["admin"])
        assert user_roles_set(user=alice, actor=admin_user, roles=[Role.PSYCHOLOGIST]) is True
        assert user_roles_set(user=alice, actor=None, roles=[Role.EMPLOYEE]) is True
        assert roles_of(alice) == (False, False, ["employee"])

    def test_setting_the_roles_someone_has_changes_nothing_whoever_asks(self, administrator, alice):
        assert user_roles_set(user=alice, actor=administrator, roles=[Role.EMPLOYEE], is_staff=False) is False
        assert not AuditEntry.objects.exists()

    def test_the_role_is_the_entrys_object_not_free_text(self, alice, admin_user):
        user_roles_set(user=alice, actor=admin_user, roles=[Role.EMPLOYEE, Role.PEER_SUPPORTER])
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.object_type, entry.subject, entry.actor) == (
            "role_added",
            "auth.group",
            alice,
            admin_user,
        )
        assert Group.objects.get(pk=entry.object_id).name == Role.PEER_SUPPORTER


CSV = """email,first_name,last_name,unit_code,roles,language,managed_unit_codes
boss@example.org,The,Boss,groningen,manager|employee,da,groningen
"""


@pytest.mark.django_db
def test_role_changes_by_the_csv_import_are_audited(org):
    users_import_csv(text=CSV)
    boss = User.objects.get(email="boss@example.org")
    entries = AuditEntry.objects.filter(subject=boss)
    assert sorted(entries.values_list("action", "actor")) == [("role_added", None), ("role_added", None)]
    users_import_csv(text=CSV)  # nothing changes, nothing is written
    assert entries.count() == 2
    users_import_csv(text=CSV.replace("manager|employee", "coordinator"))
    assert sorted(entries.values_list("action", flat=True)) == ["role_added"] * 3 + ["role_removed"] * 2
    assert boss.role_names == {"coordinator"}


@pytest.mark.django_db
def test_the_import_users_command_audits_role_changes(org, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text(CSV)
    call_command("import_users", str(path), stdout=io.StringIO())
    boss = User.objects.get(email="boss@example.org")
    assert AuditEntry.objects.filter(subject=boss, action="role_added").count() == 2


def test_deactivating_an_account_audits_the_roles_it_loses(alice):
    account_close(user=alice, by=None, reason="other")
    actions = sorted(AuditEntry.objects.filter(subject=alice).values_list("action", flat=True))
    assert actions == ["account_closed", "role_removed"]


@pytest.mark.django_db
class TestLoginDetailsAreForSuperusers:
    """Changing someone's e-mail (a reset link then goes to the new address) or password is
    taking over their account, and with it their incident log and requests for help."""

    def test_an_administrator_cannot_change_anyones_email_or_password(self, client, administrator, alice, bob):
        client.force_login(administrator)
        for person in (alice, bob):
            client.post(change_url(person), form_data(client, person, email="ada-too@example.org"))
            assert User.objects.get(pk=person.pk).email == person.email
            password_url = reverse("admin:auth_user_password_change", args=[person.pk])
            assert client.get(password_url).status_code == 403
            response = client.post(password_url, {"password1": "Taken-over-123", "password2": "Taken-over-123"})
            assert response.status_code == 403
            assert not User.objects.get(pk=person.pk).check_password("Taken-over-123")

    def test_a_superuser_can(self, admin_client, alice):
        password_url = reverse("admin:auth_user_password_change", args=[alice.pk])
        assert password_url == f"/admin/accounts/user/{alice.pk}/password/"
        response = admin_client.post(
            password_url,
            {"password1": "A-new-password-2026", "password2": "A-new-password-2026", "usable_password": "true"},
        )
        assert response.status_code == 302
        assert User.objects.get(pk=alice.pk).check_password("A-new-password-2026")
