"""The audit log in the Django admin: who an entry is about is for superusers only, and no one,
a superuser included, can change or delete an entry there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.roles import Role
from core.audit import audit_record
from core.models import AuditEntry
from tests.factories import UserFactory, with_totp

LIST = reverse("admin:core_auditentry_changelist")


@pytest.fixture
def administrator(org):
    """An administrator who is no superuser, allowed to read the audit log."""
    user = with_totp(UserFactory(email="ada@example.org", first_name="Ada", roles=[Role.ADMIN], is_staff=True))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="core", codename="view_auditentry"))
    return user


@pytest.fixture
def entry(alice, bob):
    return audit_record(actor=bob, action="support_request.view", obj=alice, subject=alice)


def test_an_administrator_sees_no_subject_or_actor_in_the_list_or_on_the_change_page(
    client, administrator, alice, bob, entry
):
    client.force_login(administrator)
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    for url in [LIST, change]:
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "support_request.view" in page
        for word in [alice.email, bob.email, "Alice", "Bob", f"/accounts/user/{alice.pk}/"]:
            assert word not in page, (url, word)


@pytest.mark.parametrize("query", ["subject={alice}", "subject__id__exact={alice}", "actor={alice}", "object_id=1"])
def test_an_administrator_cannot_filter_the_log_by_person_in_the_url(client, administrator, alice, entry, query):
    client.force_login(administrator)
    assert client.get(f"{LIST}?{query.format(alice=alice.pk)}").status_code == 400


def test_a_superuser_sees_who_an_entry_is_about(admin_client, alice, bob, entry):
    page = admin_client.get(LIST).content.decode()
    assert str(alice) in page and str(bob) in page
    page = admin_client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).content.decode()
    assert str(alice) in page and str(bob) in page


def test_an_entry_names_itself_without_the_people_in_it(entry, alice, bob):
    # Its name is the title of the change page, which an administrator may read.
    assert str(bob.pk) not in str(entry).split() and "support_request.view" in str(entry)


def test_not_even_a_superuser_can_delete_an_entry(admin_client, entry):
    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    page = admin_client.get(LIST).content.decode()
    assert "delete_selected" not in page
    admin_client.post(LIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_not_even_a_superuser_can_change_an_entry(admin_client, alice, bob, entry):
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    admin_client.post(change, {"action": "nothing.happened", "subject": bob.pk, "actor": ""})
    entry.refresh_from_db()
    assert (entry.action, entry.subject, entry.actor) == ("support_request.view", alice, bob)
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
