from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import OrganisationUnit, User


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
