from django.contrib import admin

from .models import Instrument

# SelfTestStatistic is deliberately not in the admin: a row list would show groups far
# below the minimum group size. The officer's statistics page is the only way to read it.


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "source_file", "is_active", "order", "loaded_at"]
    list_editable = ["is_active", "order"]
    readonly_fields = ["key", "version", "source_file", "checksum", "definition", "loaded_at"]

    def has_add_permission(self, request):
        return False  # instruments come from their data files (manage.py load_instruments)
