import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import DatabaseError, transaction
from django.utils import timezone

from .forms import ImportRowForm
from .models import OrganisationUnit, User
from .roles import Role


class ProvisioningError(Exception):
    pass


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
) -> tuple[User, bool]:
    """Create or update an account as the organisation provisions it (admin, CSV or SSO)."""
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
    user.groups.set(Group.objects.filter(name__in=roles))
    if managed_units is not None:
        user.managed_units.set(managed_units)
    return user, created


@transaction.atomic
def user_deactivate(*, user: User, now=None) -> None:
    """Close the account of someone who left. Anonymous data (self-test statistics,
    monitor responses) holds no link to the person, so it stays as it is."""
    user.is_active = False
    user.deactivated_at = now or timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["is_active", "deactivated_at", "password"])
    user.groups.clear()
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


def users_import_csv(*, text: str) -> ImportReport:
    """Columns: email, first_name, last_name, unit_code, roles (separated by |), language,
    managed_unit_codes (separated by |). Each row is checked by a form; a bad row is
    reported with its line number and reason and skipped, and each good row is written in
    its own transaction, so one row cannot stop the rest halfway."""
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
                )
        except (ProvisioningError, DatabaseError) as exc:
            report.errors.append(f"line {number}: {exc}")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
