import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

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


def users_import_csv(*, text: str) -> ImportReport:
    """Columns: email, first_name, last_name, unit_code, roles (separated by |), language,
    managed_unit_codes (separated by |). Bad rows are reported and skipped."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    for number, row in enumerate(reader, start=2):
        email = (row.get("email") or "").strip()
        if "@" not in email:
            report.errors.append(f"line {number}: missing or invalid e-mail")
            continue
        unit_code = (row.get("unit_code") or "").strip()
        if unit_code and unit_code not in units:
            report.errors.append(f"line {number}: unknown unit {unit_code!r}")
            continue
        managed_codes = [c for c in (row.get("managed_unit_codes") or "").split("|") if c.strip()]
        missing = [c for c in managed_codes if c.strip() not in units]
        if missing:
            report.errors.append(f"line {number}: unknown managed unit(s) {', '.join(missing)}")
            continue
        roles = [r.strip() for r in (row.get("roles") or "employee").split("|") if r.strip()]
        try:
            _user, created = user_provision(
                email=email,
                first_name=(row.get("first_name") or "").strip(),
                last_name=(row.get("last_name") or "").strip(),
                unit=units.get(unit_code),
                roles=roles,
                language=(row.get("language") or "").strip(),
                managed_units=[units[c.strip()] for c in managed_codes] if managed_codes else None,
            )
        except ProvisioningError as exc:
            report.errors.append(f"line {number}: {exc}")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
