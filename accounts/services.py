import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record

from .forms import ImportRowForm
from .models import OrganisationUnit, User
from .roles import Role


class ProvisioningError(Exception):
    pass


ROLES_ARE_FOR_SUPERUSERS = _("Only a superuser can change roles, staff status and superuser status.")


@transaction.atomic
def user_roles_set(
    *,
    user: User,
    actor: User | None,
    roles: Iterable[Group | str] | None = None,
    is_staff: bool | None = None,
    is_superuser: bool | None = None,
) -> bool:
    """Give `user` exactly `roles` (groups), and staff or superuser status where given.

    The one place where roles change, whatever the path: the admin, the CSV import,
    provisioning, deactivation, the demo data. Whoever may change roles may make
    themselves anything, superuser included, so only a superuser may, or the system
    itself (`actor=None`: a management command on the server). Every change is written
    to the audit log, the role as the object so that its name is not free text.
    Returns whether anything changed; setting what is already there changes nothing.
    """
    added, removed = set(), set()
    if roles is not None:
        roles = list(roles)
        names = {str(role) for role in roles if not isinstance(role, Group)}
        named = set(Group.objects.filter(name__in=names))
        unknown = names - {group.name for group in named}
        if unknown:
            raise ProvisioningError(f"Unknown role(s): {', '.join(sorted(unknown))}")
        wanted = named | {role for role in roles if isinstance(role, Group)}
        current = set(user.groups.all())
        added, removed = wanted - current, current - wanted
    flags = {
        name: value
        for name, value in [("is_staff", is_staff), ("is_superuser", is_superuser)]
        if value is not None and getattr(user, name) != value
    }
    if not (added or removed or flags):
        return False
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(ROLES_ARE_FOR_SUPERUSERS)
    if added:
        user.groups.add(*added)
    if removed:
        user.groups.remove(*removed)
    if flags:
        for name, value in flags.items():
            setattr(user, name, value)
        user.save(update_fields=list(flags))
    for cache in ["_role_names", "_perm_cache", "_user_perm_cache", "_group_perm_cache"]:
        user.__dict__.pop(cache, None)
    for group in sorted(added, key=lambda g: g.name):
        audit_record(actor=actor, action="role_added", obj=group, subject=user)
    for group in sorted(removed, key=lambda g: g.name):
        audit_record(actor=actor, action="role_removed", obj=group, subject=user)
    for name, value in flags.items():
        audit_record(actor=actor, action=FLAG_ACTIONS[(name, bool(value))], obj=user, subject=user)
    return True


FLAG_ACTIONS = {
    ("is_staff", True): "staff_granted",
    ("is_staff", False): "staff_revoked",
    ("is_superuser", True): "superuser_granted",
    ("is_superuser", False): "superuser_revoked",
}


@transaction.atomic
def user_provision(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    unit: OrganisationUnit | None = None,
    roles: list[str] | None = None,
    language: str = "",
    managed_units: list[OrganisationUnit] | None = None,
    actor: User | None = None,
) -> tuple[User, bool]:
    """Create or update an account as the organisation provisions it (admin, CSV or SSO).

    Its roles are set through `user_roles_set`, as `actor` (None: the system)."""
    roles = roles or [Role.EMPLOYEE]
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ProvisioningError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user, created = User.objects.get_or_create(email=email.strip().lower())
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.unit = unit or user.unit
    if language:
        user.language = language
    if created:
        user.set_unusable_password()
    user.is_active = True
    user.deactivated_at = None
    user.save()
    user_roles_set(user=user, roles=roles, actor=actor)
    if managed_units is not None:
        user.managed_units.set(managed_units)
    return user, created


@transaction.atomic
def user_deactivate(*, user: User, now=None, actor: User | None = None) -> None:
    """Close the account of someone who left. Anonymous data (self-test statistics,
    monitor responses) holds no link to the person, so it stays as it is."""
    user.is_active = False
    user.deactivated_at = now or timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["is_active", "deactivated_at", "password"])
    user_roles_set(user=user, roles=[], actor=actor)
    user.managed_units.clear()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def _row_problems(form) -> str:
    return " ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())


def users_import_csv(*, text: str, actor: User | None = None) -> ImportReport:
    """Columns: email, first_name, last_name, unit_code, roles (separated by |), language,
    managed_unit_codes (separated by |). Each row is checked by a form; a bad row is
    reported with its line number and reason and skipped, and each good row is written in
    its own transaction, so one row cannot stop the rest halfway. Role changes are audited
    as `actor`'s (None: the system, e.g. the import_users command)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    rows, number = iter(reader), 1
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            report.errors.append(f"line {number}: {exc}")
            continue
        values = {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        form = ImportRowForm(values, units=units)
        if not form.is_valid():
            report.errors.append(f"line {number}: {_row_problems(form)}")
            continue
        data = form.cleaned_data
        try:
            with transaction.atomic():
                _user, created = user_provision(
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    unit=data["unit_code"],
                    roles=data["roles"],
                    language=data["language"],
                    managed_units=data["managed_unit_codes"],
                    actor=actor,
                )
        except (ProvisioningError, DatabaseError) as exc:
            report.errors.append(f"line {number}: {exc}")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
