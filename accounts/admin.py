from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import AccountClosure, HandoverItem, OrganisationUnit, User
from .notices import EMAIL, account_change_notify
from .reauth import require_recent_login
from .services import ROLES_ARE_FOR_SUPERUSERS, account_close, user_roles_set, user_unit_change

# Whoever may change these may make themselves anything, superuser included.
ROLE_FIELDS = ["groups", "is_staff", "is_superuser", "user_permissions"]
# Whoever may change these may take over the account (a reset link goes to the new address)
# and read that person's incident log and requests for help.
LOGIN_FIELDS = ["email"]


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrganisationUnit)
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]

    def changelist_view(self, request, extra_context=None):
        # treebeard chooses the level of the tree to list on GET only; a POST (an action sent
        # with nothing ticked) lists the units again and raised an AttributeError without it.
        if request.method == "POST":
            request._treebeard_parent_id = None
        return super().changelist_view(request, extra_context)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "unit", "is_active"]
    list_select_related = ["unit"]
    list_filter = ["is_active", "groups", "language"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["groups", "managed_units"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "unit", "language", "time_zone"]}),
        (_("Quiet hours"), {"fields": ["quiet_hours_start", "quiet_hours_end"]}),
        (_("Roles"), {"fields": ["groups", "managed_units", "is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "deactivated_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "unit"]})]
    readonly_fields = ["last_login", "date_joined", "deactivated_at"]
    actions = ["close_accounts"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in ROLE_FIELDS if name not in readonly]
            if obj is not None:
                readonly += LOGIN_FIELDS
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        require_recent_login(request)
        return super().user_change_password(request, id, form_url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A superuser's form changes roles (and so who may read what): the password or code
        # again first, within five minutes; allauth keeps a POST and replays it afterwards.
        if request.user.is_superuser:
            require_recent_login(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "description": ROLES_ARE_FOR_SUPERUSERS})
            if "groups" in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its e-mail, its password) is out of reach for everyone else.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Staff and superuser status change only in save_related, through user_roles_set,
        # which holds the rule and writes the audit log; until then they keep what is stored.
        # Unticking "active" closes the account through account_close, after the roles are
        # saved (it takes them away); a new unit goes through user_unit_change (audited).
        form._closing = form._new_unit = None
        if change:
            stored = User.objects.values("is_staff", "is_superuser", "is_active", "unit_id", "email").get(pk=obj.pk)
            obj.is_staff, obj.is_superuser = stored["is_staff"], stored["is_superuser"]
            if stored["is_active"] and not obj.is_active:
                obj.is_active = True
                form._closing = True
            elif obj.is_active and not stored["is_active"]:
                obj.deactivated_at = None
            if obj.unit_id != stored["unit_id"]:
                form._new_unit = (obj.unit,)
                obj.unit_id = stored["unit_id"]
        super().save_model(request, obj, form, change)
        if change and stored["email"].lower() != obj.email.lower():
            # The neutral notice goes to the address the person had: the one they still read.
            account_change_notify(user=obj, change=EMAIL, email=stored["email"])
        if form._new_unit is not None:
            user_unit_change(user=obj, unit=form._new_unit[0], by=request.user)

    def save_related(self, request, form, formsets, change):
        # Taken out of cleaned_data so that the form's save_m2m does not set the groups itself.
        roles = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        flags = {name: form.cleaned_data[name] for name in ["is_staff", "is_superuser"] if name in form.cleaned_data}
        if roles is not None or flags:
            user_roles_set(user=form.instance, actor=request.user, roles=roles, **flags)
        if getattr(form, "_closing", None):
            handover = account_close(user=form.instance, by=request.user, reason=AccountClosure.Reason.ADMIN)
            self._report_closed(request, [handover])

    @admin.action(description=_("Close account (the person has left)"), permissions=["change"])
    def close_accounts(self, request, queryset):
        handovers = []
        for user in queryset.filter(is_active=True).order_by("pk"):
            if user.is_superuser and not request.user.is_superuser:
                continue
            if user.pk == request.user.pk:
                self.message_user(request, gettext("You cannot close your own account."), messages.ERROR)
                continue
            handovers.append(account_close(user=user, by=request.user, reason=AccountClosure.Reason.ADMIN))
        self._report_closed(request, handovers)

    def _report_closed(self, request, handovers) -> None:
        if not handovers:
            self.message_user(request, gettext("No open account was closed."), messages.WARNING)
            return
        items = sum(len(handover.lines) for handover in handovers)
        urgent = sum(len(handover.urgent) for handover in handovers)
        text = ngettext("%(count)d account closed.", "%(count)d accounts closed.", len(handovers)) % {
            "count": len(handovers)
        }
        if items:
            text += " " + ngettext(
                "%(count)d piece of open work is listed on the handover page for the coordinators and the "
                "wellbeing officer.",
                "%(count)d pieces of open work are listed on the handover page for the coordinators and the "
                "wellbeing officer.",
                items,
            ) % {"count": items}
        if urgent:
            text += " " + ngettext(
                "%(count)d booked appointment must be moved.",
                "%(count)d booked appointments must be moved.",
                urgent,
            ) % {"count": urgent}
        self.message_user(request, text, messages.WARNING if urgent else messages.SUCCESS)


class HandoverItemInline(admin.TabularInline):
    model = HandoverItem
    fields = ["kind", "object_type", "object_id", "region", "done_at", "done_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccountClosure)
class AccountClosureAdmin(admin.ModelAdmin):
    list_display = ["user", "closed_at", "reason", "closed_by"]
    list_select_related = ["user", "closed_by"]
    list_filter = ["reason"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "closed_at", "closed_by", "reason"]
    inlines = [HandoverItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
