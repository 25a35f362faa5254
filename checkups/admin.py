"""Admin for the check-ups set-up. Bookings are for superusers only and show no personal text:
managers and other staff never see who booked, not even here. Session notes are not in
the admin at all."""

from django.contrib import admin

from .models import AppointmentType, AvailabilityWindow, Booking, Location, Psychologist


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "duration_minutes", "bookable_by", "allows_open_consultation", "active"]
    list_filter = ["active", "bookable_by"]
    filter_horizontal = ["units"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "time_zone"]


class WindowInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0


@admin.register(Psychologist)
class PsychologistAdmin(admin.ModelAdmin):
    list_display = ["user", "languages", "offers_video", "offers_phone", "offers_in_person", "active"]
    raw_id_fields = ["user"]
    filter_horizontal = ["locations"]
    inlines = [WindowInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only, superusers only, without the person's name, alias or note."""

    list_display = ["pk", "starts_at", "psychologist", "appointment_type", "mode", "status"]
    list_filter = ["status", "mode", "appointment_type"]
    fields = ["starts_at", "ends_at", "psychologist", "appointment_type", "mode", "location", "status", "cancelled_by"]
    readonly_fields = fields

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
