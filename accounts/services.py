import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record

from .forms import ImportRowForm
from .leaving import Handover, HandoverLine, OpenWork, leaver_work_collect
from .models import AccountClosure, HandoverItem, OrganisationUnit, User
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
def user_unit_change(*, user: User, unit: OrganisationUnit | None, by: User | None, now=None) -> bool:
    """Move someone to another unit. Their own records (requests, log, appointments) are
    theirs by account and go with them; figures by unit count them under the new unit from
    now, while what was counted before (a request's unit, a monitor's participants) keeps
    the unit it had then. Who, when, from and to are in the audit log (two entries: the
    unit left and the unit joined). Returns whether anything changed."""
    if unit == user.unit:
        return False
    old = user.unit
    user.unit = unit
    user.save(update_fields=["unit"])
    user.__dict__.pop("_peer_support_region", None)
    if old is not None:
        audit_record(actor=by, action="unit_left", obj=old, subject=user)
    if unit is not None:
        audit_record(actor=by, action="unit_joined", obj=unit, subject=user)
    return True


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
    reopen: bool = True,
) -> tuple[User, bool]:
    """Create or update an account as the organisation provisions it (admin, CSV or SSO).

    Its roles are set through `user_roles_set`, as `actor` (None: the system); a new unit
    through `user_unit_change`. A closed account is opened again only with `reopen` (the
    staff list says the person is back); otherwise it is left closed and unchanged."""
    roles = roles or [Role.EMPLOYEE]
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ProvisioningError(f"Unknown role(s): {', '.join(sorted(unknown))}")
    user, created = User.objects.get_or_create(email=email.strip().lower())
    if not created and not user.is_active and not reopen:
        return user, False
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    if created:
        user.unit = unit
    if language:
        user.language = language
    if created:
        user.set_unusable_password()
    user.is_active = True
    user.deactivated_at = None
    user.save()
    if not created and unit is not None:
        user_unit_change(user=user, unit=unit, by=actor)
    user_roles_set(user=user, roles=roles, actor=actor)
    if managed_units is not None:
        user.managed_units.set(managed_units)
    return user, created


def _sessions_end(user: User) -> int:
    """Log `user` out everywhere: delete their sessions (Django's database sessions).

    Closing the account also makes the password unusable, which invalidates every session
    on its next request whatever the session engine; deleting them ends them now."""
    from .sessions import ends_database_sessions

    if not ends_database_sessions(import_module(settings.SESSION_ENGINE)):
        return 0
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = 0
    engine = import_module(settings.SESSION_ENGINE)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def account_close(*, user: User, by: User | None, reason: str, now=None) -> Handover:
    """Close the account of someone who left or was removed, by any path: the admin, the
    staff list (CSV), single sign-on. The one way an account is closed.

    The account is kept (closed, not deleted): their own records follow the retention
    rules like everyone else's, and the anonymous data (self-test statistics, monitor
    answers) has no link to them anyway. Their sessions end, their roles go, their
    mobile number for alerts is removed, and the messages still waiting for them are
    cancelled. Their open work is released by each app
    (`accounts.leaving`: a claimed request goes back to the queue, a follow-up step loses
    its owner) and recorded for the coordinators and the wellbeing officer to hand over.
    `by` is None for the system (a command on the server). Closing a closed account
    changes nothing and returns its last handover.
    """
    if reason not in AccountClosure.Reason.values:
        raise ValueError(f"Unknown reason: {reason}")
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active and user.deactivated_at is not None:
        closure = user.closures.first()
        return Handover(user=user, closure=closure, lines=handover_lines(closure), already_closed=True)
    user.is_active = False
    user.deactivated_at = now
    user.set_unusable_password()
    # The mobile number was given for alerts on duty only: it goes with the duty.
    user.alert_phone = ""
    user.save(update_fields=["is_active", "deactivated_at", "password", "alert_phone"])
    # Roles go as the system: who may close an account need not be a superuser.
    user_roles_set(user=user, roles=[], actor=None)
    user.managed_units.clear()
    closure = AccountClosure.objects.create(
        user=user, closed_at=now, closed_by=by if getattr(by, "is_authenticated", False) else None, reason=reason
    )
    work = leaver_work_collect(user=user, now=now)
    HandoverItem.objects.bulk_create(
        [
            HandoverItem(
                closure=closure,
                kind=piece.kind,
                object_type=piece.obj._meta.label_lower,
                object_id=str(piece.obj.pk),
                region=piece.region,
            )
            for piece in work
        ]
    )
    _sessions_end(user)
    audit_record(actor=by, action="account_closed", obj=closure, subject=user)
    lines = handover_lines(closure, work=work)
    return Handover(user=user, closure=closure, lines=lines)


def handover_lines(closure: AccountClosure | None, *, work: list[OpenWork] | None = None) -> list[HandoverLine]:
    """The closure's items as lines that name no one, urgent ones first, each with a link to
    the handover page."""
    if closure is None:
        return []
    base = reverse("handover") + f"#closure-{closure.pk}"
    details = {(piece.obj._meta.label_lower, str(piece.obj.pk)): piece for piece in work or []}
    kinds = dict(HandoverItem.Kind.choices)
    lines = []
    for item in closure.items.all():
        piece = details.get((item.object_type, item.object_id))
        lines.append(
            HandoverLine(
                kind=item.kind,
                kind_label=str(kinds.get(item.kind, item.kind)),
                item_id=item.pk,
                when=piece.when if piece else None,
                urgent=piece.urgent if piece else item.kind == HandoverItem.Kind.BOOKING,
                url=base,
            )
        )
    return sorted(lines, key=lambda line: (not line.urgent, line.kind, line.item_id or 0))


# A full staff list may close at most this share of the open accounts of its domains at
# once; more needs --force (a truncated export must not close half the organisation).
IMPORT_CLOSE_MAX_SHARE = 0.10


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # E-mail addresses of the accounts closed (in a dry run: that would be closed).
    closed: list[str] = field(default_factory=list)
    # With deactivate_missing: the open accounts missing from the list, closed or not.
    missing: list[str] = field(default_factory=list)
    # Why accounts missing from the list were not closed (a limit, bad rows); empty if they were.
    refused: str = ""
    dry_run: bool = False

    @property
    def skipped(self) -> int:
        return len(self.errors)


def _row_problems(form) -> str:
    return " ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())


class _DryRun(Exception):
    pass


def users_import_csv(
    *,
    text: str,
    actor: User | None = None,
    deactivate_missing: bool = False,
    dry_run: bool = False,
    force: bool = False,
    now=None,
) -> ImportReport:
    """Columns: email, first_name, last_name, unit_code, roles (separated by |), language,
    managed_unit_codes (separated by |), active (optional: 0 closes the account of someone
    who left). Each row is checked by a form; a bad row is reported with its line number
    and reason and skipped, and each good row is written in its own transaction, so one row
    cannot stop the rest halfway. Role changes are audited as `actor`'s (None: the system,
    e.g. the import_users command).

    `deactivate_missing`: the file is a full export; every open account of its e-mail
    domain(s) (`ORGANISATION_EMAIL_DOMAINS`, else the domains in the file) that is not in
    it is closed through `account_close`. Not if any row was bad (a person on a bad row
    would look missing), nor more than IMPORT_CLOSE_MAX_SHARE of them without `force`.
    `dry_run`: everything is checked and reported, nothing is written.
    """
    report = ImportReport(dry_run=dry_run)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            _import_rows(
                text=text, actor=actor, report=report, deactivate_missing=deactivate_missing, now=now, force=force
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _import_rows(*, text, actor, report, deactivate_missing, now, force) -> None:
    reader = csv.DictReader(io.StringIO(text))
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    rows, number = iter(reader), 1
    listed: set[str] = set()
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
        listed.add(data["email"])
        if not data["active"]:
            user = User.objects.filter(email=data["email"], is_active=True).first()
            if user is not None:
                account_close(user=user, by=actor, reason=AccountClosure.Reason.IMPORT, now=now)
                report.closed.append(user.email)
            continue
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
    if deactivate_missing:
        _close_missing(listed=listed, actor=actor, report=report, now=now, force=force)


def _email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _close_missing(*, listed: set[str], actor, report: ImportReport, now, force: bool) -> None:
    if report.errors:
        report.refused = "Nobody missing from the list was closed: fix the bad rows first."
        return
    domains = set(settings.ORGANISATION_EMAIL_DOMAINS) or {_email_domain(email) for email in listed}
    if not domains:
        report.refused = "Nobody missing from the list was closed: the list is empty."
        return
    in_domains = Q()
    for domain in domains:
        in_domains |= Q(email__iendswith=f"@{domain}")
    open_accounts = User.objects.filter(in_domains, is_active=True, is_superuser=False)
    missing = list(open_accounts.exclude(email__in=listed).order_by("email"))
    report.missing = [user.email for user in missing]
    limit = int(open_accounts.count() * IMPORT_CLOSE_MAX_SHARE)
    if len(missing) > limit and not force:
        report.refused = (
            f"{len(missing)} open account(s) are missing from the list, more than "
            f"{IMPORT_CLOSE_MAX_SHARE:.0%} of {open_accounts.count()}: nobody was closed. "
            "Check the list is complete, then run again with --force."
        )
        return
    for user in missing:
        account_close(user=user, by=actor, reason=AccountClosure.Reason.MISSING, now=now)
        report.closed.append(user.email)
