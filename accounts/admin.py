from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import OrganisationUnit, User
from .services import ROLES_ARE_FOR_SUPERUSERS, user_roles_set

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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "unit", "is_active"]
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
        return super().user_change_password(request, id, form_url)

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
        if change:
            obj.is_staff, obj.is_superuser = User.objects.values_list("is_staff", "is_superuser").get(pk=obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Taken out of cleaned_data so that the form's save_m2m does not set the groups itself.
        roles = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        flags = {name: form.cleaned_data[name] for name in ["is_staff", "is_superuser"] if name in form.cleaned_data}
        if roles is not None or flags:
            user_roles_set(user=form.instance, actor=request.user, roles=roles, **flags)
