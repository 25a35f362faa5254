from django.contrib import admin

from .models import Organisation, OrganisationChange


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Read here; changed in the portal (/organisation/settings/), where every change is recorded."""

    list_display = ["name_en", "country", "time_zone", "emergency_number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationChange)
class OrganisationChangeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "field", "changed_at", "changed_by"]
    list_filter = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
