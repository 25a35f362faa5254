"""Roles are Django groups with permissions.

`sync_roles` creates or updates them after every migrate (a post_migrate receiver),
so a permission added later reaches databases that already exist. It is idempotent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    COORDINATOR = "coordinator", _("Peer-support coordinator")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    MANAGER = "manager", _("Manager")
    WELLBEING_OFFICER = "wellbeing_officer", _("Wellbeing officer")
    COUNSELLOR = "counsellor", _("Confidential counsellor")
    TRAINER = "trainer", _("Trainer")
    ADMIN = "admin", _("Administrator")
    DATA_PROTECTION = "data_protection", _("Data protection officer")


# Every role but "employee" sees other people's data or the organisation's figures.
PRIVILEGED_ROLES = [role.value for role in Role if role != Role.EMPLOYEE]

# "app_label.codename" per role. Later apps add their codenames here.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EMPLOYEE: ["accounts.use_employee_services", "checkups.book_appointment", "trainings.enrol_training"],
    Role.PEER_SUPPORTER: [
        "accounts.use_employee_services",
        "accounts.work_support_queue",
        "checkups.book_appointment",
        "trainings.enrol_training",
        "checkups.book_for_others",
    ],
    Role.COORDINATOR: [
        "accounts.use_employee_services",
        "accounts.work_support_queue",
        "accounts.coordinate_support",
        "checkups.book_appointment",
        "trainings.enrol_training",
        "checkups.book_for_others",
        "peer_support.register_incident",
        "accounts.hand_over_work",
    ],
    Role.PSYCHOLOGIST: [
        "accounts.provide_care",
        "checkups.work_agenda",
        "experts.answer_questions",
        "experts.publish_answers",
    ],
    Role.MANAGER: [
        "accounts.use_employee_services",
        "accounts.view_unit_aggregates",
        "checkups.book_appointment",
        "trainings.enrol_training",
        "peer_support.register_incident",
        "peer_support.lead_reflection",
    ],
    Role.WELLBEING_OFFICER: [
        "accounts.use_employee_services",
        "accounts.manage_wellbeing",
        "accounts.hand_over_work",
        "checkups.book_appointment",
        "trainings.enrol_training",
        "trainings.manage_trainings",
        "checkups.manage_checkups",
        "accounts.view_unit_aggregates",
        "peer_support.choose_protocol",
        "surveys.view_selftest_statistics",
        "surveys.manage_campaigns",
        "health.edit_content",
        "dataprotection.handle_data_requests",
    ],
    Role.COUNSELLOR: ["accounts.receive_confidential_reports"],
    Role.TRAINER: ["trainings.give_training"],
    Role.ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_organisationunit",
        "accounts.add_organisationunit",
        "accounts.change_organisationunit",
        "organisations.view_organisation",
        "organisations.change_organisation",
        "notifications.view_outboxmessage",
        "notifications.change_outboxmessage",
    ],
    # Reads the whole audit log and handles requests to erase personal data. The
    # administrator (a technical role) does not read the audit log: it tells who was in care.
    Role.DATA_PROTECTION: ["core.view_audit_log", "dataprotection.handle_data_requests"],
}


def sync_roles(*, using: str = "default") -> None:
    from django.contrib.auth.models import Group, Permission

    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".", 1)
            permission = (
                Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            )
            if permission is not None:  # its app may not be migrated yet
                wanted.append(permission)
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, using="default", **kwargs):
    # post_migrate is sent once per app; the permissions of every app exist by the last one.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(using=using)


# The permissions of each role's group, as Django's ModelBackend reads them, for every page (the
# navigation asks a dozen of them): held in the shared cache rather than read per request. A change
# through the ORM (sync_roles after migrate, the admin) drops them at once and after its commit
# (`group_permissions_forget`, connected in apps.py); anything else is read within CACHE_SECONDS.
GROUP_PERMISSIONS_KEY = "accounts:group-permissions:v1"
GROUP_PERMISSIONS_SECONDS = 60


def group_permissions() -> dict[str, frozenset[str]]:
    """{group name: {"app_label.codename", ...}} for every group that has permissions."""
    from core.caching import cached

    return cached(GROUP_PERMISSIONS_KEY, GROUP_PERMISSIONS_SECONDS, _group_permissions_read)


def _group_permissions_read() -> dict[str, frozenset[str]]:
    from django.contrib.auth.models import Group

    rows = Group.permissions.through.objects.values_list(
        "group__name", "permission__content_type__app_label", "permission__codename"
    )
    by_group: dict[str, set[str]] = {}
    for name, app_label, codename in rows:
        by_group.setdefault(name, set()).add(f"{app_label}.{codename}")
    return {name: frozenset(perms) for name, perms in by_group.items()}


def group_permissions_forget(**kwargs) -> None:
    from core.caching import forget

    forget(GROUP_PERMISSIONS_KEY)
