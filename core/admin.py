from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP

from .models import AuditEntry


def _field_name(entry) -> str | None:
    """The model field behind an entry of list_display, list_filter or search_fields."""
    if isinstance(entry, (tuple, list)):  # ("field", SomeListFilter)
        entry = entry[0]
    if not isinstance(entry, str):  # a SimpleListFilter class or a callable
        return None
    return entry.lstrip("^=@").split(LOOKUP_SEP)[0]


class SuperuserOnlyFieldsMixin:
    """Who a row is about is for superusers only.

    An administrator who is not a superuser manages accounts and the outbox, but must not
    learn from a list, a filter, a search or a change page who asked for help or is in
    care. `private_fields` leave every one of those for them, and so do lookups in the
    URL (`?recipient=5`), which the admin would otherwise allow on any local field and
    answer with a count.
    """

    private_fields: tuple[str, ...] = ()

    def _public(self, request, entries):
        if request.user.is_superuser:
            return entries
        return [entry for entry in entries if _field_name(entry) not in self.private_fields]

    def get_list_display(self, request):
        return self._public(request, super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._public(request, links) if links else links

    def get_list_filter(self, request):
        return self._public(request, super().get_list_filter(request))

    def get_search_fields(self, request):
        return self._public(request, super().get_search_fields(request))

    def get_fields(self, request, obj=None):
        # Private fields stay in readonly_fields, so that no form ever offers them for editing.
        return self._public(request, super().get_fields(request, obj))

    def lookup_allowed(self, lookup, value, request=None):
        if request is not None and not request.user.is_superuser:
            if lookup.split(LOOKUP_SEP)[0] in self.private_fields:
                return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(AuditEntry)
class AuditEntryAdmin(SuperuserOnlyFieldsMixin, admin.ModelAdmin):
    """The audit log is append-only for everyone, superusers included: no add, change or delete."""

    list_display = ["at", "actor", "subject", "action", "object_type", "object_id"]
    list_select_related = ["actor", "subject"]
    list_display_links = ["at"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    # The object's id is left out too: for an entry about an account it is the person.
    private_fields = ("actor", "subject", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
