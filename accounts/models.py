import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from core.crypto import EncryptedTextField


class OrganisationUnit(MP_Node):
    """A node of the organisation tree: national > region > district > team, any depth.

    A materialised path (django-treebeard) makes "everything under this unit" one
    indexed prefix query on `path` instead of a walk through the tree.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        TEAM = "team", _("Team")
        OTHER = "other", _("Unit")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEAM)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        indexes = [
            # A prefix LIKE on PostgreSQL uses an index only with the pattern operator class.
            models.Index(fields=["path"], name="orgunit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    def subtree(self):
        """This unit and every unit below it, in one query."""
        return OrganisationUnit.objects.filter(path__startswith=self.path)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def in_subtree(self, unit):
        """Every user in `unit` or below it: one query joining on the unit's path prefix."""
        return self.filter(unit__path__startswith=unit.path)


def _time_zone_choices():
    return [(name, name) for name in settings.PORTAL_TIME_ZONES]


class User(AbstractUser):
    """A member of staff. Logs in by e-mail; provisioned by the organisation."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    managed_units = models.ManyToManyField(
        OrganisationUnit,
        verbose_name=_("managed units"),
        blank=True,
        related_name="managers",
        help_text=_("A manager sees anonymous figures for these units and everything below them."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=_time_zone_choices, default=settings.TIME_ZONE)
    quiet_hours_start = models.TimeField(
        _("quiet hours start"),
        null=True,
        blank=True,
        help_text=_("No reminders from this time (for example when you sleep after a night shift)."),
    )
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    # A mobile number for urgent alerts when on duty (E.164, core.phones), encrypted at rest;
    # set by the person on their settings page and shown to nobody else.
    alert_phone = EncryptedTextField(
        _("mobile number for urgent alerts"),
        keys_setting="ACCOUNTS_PHONE_KEYS",
        blank=True,
        help_text=_("Optional. When you are on duty, urgent alerts also come as a text message. Only you see it here."),
    )
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("use_employee_services", "Can use the employee services"),
            ("work_support_queue", "Can work the peer support queue"),
            ("coordinate_support", "Can coordinate a peer support region"),
            ("provide_care", "Can provide care as a psychologist"),
            ("view_unit_aggregates", "Can view anonymous figures of managed units"),
            ("manage_wellbeing", "Can manage wellbeing programmes and content"),
            ("receive_confidential_reports", "Can receive confidential reports"),
            ("hand_over_work", "Can hand over the open work of people who left"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @cached_property
    def _group_perm_cache(self) -> set[str]:
        """The permissions of this person's groups, where Django's ModelBackend looks for them
        before it reads them from the database (`_get_permissions`): from the groups already read
        for `role_names` and each group's permissions in the shared cache
        (`roles.group_permissions`), so a page does not read them again. Like the backend's own,
        it is kept on this user object for the rest of the request."""
        from django.contrib.auth.models import Permission

        from .roles import group_permissions

        if self.is_superuser:  # as the backend: every permission
            return {
                f"{app}.{codename}"
                for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
            }
        by_group = group_permissions()
        return {perm for name in self.role_names for perm in by_group.get(name, ())}

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, role) -> bool:
        return str(role) in self.role_names

    @property
    def is_privileged(self) -> bool:
        """Anyone who can see other people's data or the organisation's figures must use MFA."""
        from .roles import PRIVILEGED_ROLES

        return self.is_staff or self.is_superuser or bool(self.role_names & set(PRIVILEGED_ROLES))

    def quiet_hours_end_after(self, moment: dt.datetime) -> dt.datetime | None:
        """If `moment` falls in this user's quiet hours, the moment they end; else None."""
        start, end = self.quiet_hours_start, self.quiet_hours_end
        if start is None or end is None or start == end:
            return None
        local = timezone.localtime(moment, self.tzinfo)
        t = local.time()
        if start < end:
            inside = start <= t < end
            end_date = local.date()
        else:  # spans midnight, e.g. 23:00-07:00
            inside = t >= start or t < end
            end_date = local.date() + dt.timedelta(days=1) if t >= start else local.date()
        if not inside:
            return None
        naive_end = dt.datetime.combine(end_date, end)
        return timezone.make_aware(naive_end, self.tzinfo)


class AccountClosure(models.Model):
    """An account closed because the person left: when, by whom, by which path.

    Kept with the account (which is closed, not deleted); its open work at that moment is
    in `HandoverItem`s for the coordinators and the wellbeing officer to hand over.
    """

    class Reason(models.TextChoices):
        ADMIN = "admin", _("Closed in the administration pages")
        IMPORT = "import", _("Marked as inactive in the staff list")
        MISSING = "missing", _("Missing from the full staff list")
        SSO = "sso", _("Disabled by the organisation's login service")
        OTHER = "other", _("Closed by the service desk")
        ERASURE = "erasure", _("Closed at the person's request to erase their data")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="closures")
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)

    class Meta:
        verbose_name = _("closed account")
        verbose_name_plural = _("closed accounts")
        ordering = ["-closed_at", "-pk"]

    def __str__(self):
        return f"closure {self.pk} of {self.user_id}"


class HandoverItem(models.Model):
    """One piece of open work of someone who left, until someone has taken it over.

    Names no one: it points at the object (a request, a step, a booking...) by type and id,
    and at the region whose coordinators hand it over (none: the wellbeing officer's).
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("Requests for a talk")
        FOLLOW_UP = "follow_up", _("Follow-up after an incident")
        BOOKING = "booking", _("Appointments with them as psychologist")
        REFLECTION = "reflection", _("Reflection meetings they lead")
        MEETING = "meeting", _("Group meetings they lead")
        MEASURE = "measure", _("Measures they own")
        DUTY = "duty", _("Duty shifts")
        TRAINING = "training", _("Training sessions they give")

    closure = models.ForeignKey(AccountClosure, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    region = models.ForeignKey(OrganisationUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["closure", "kind", "pk"]
        indexes = [models.Index(fields=["done_at", "region"], name="accounts_handover_open_idx")]

    def __str__(self):
        return f"{self.kind} {self.object_type}:{self.object_id}"
