from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import SuperuserOnlyFieldsMixin

from .models import OutboxMessage
from .services import message_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SuperuserOnlyFieldsMixin, admin.ModelAdmin):
    list_display = ["id", "key", "channel", "template", "status", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template"]
    # By id for everyone (a failed message is found and retried by its number); a
    # superuser may also type a readable key or a prefix of one (get_search_results).
    search_fields = ["id__exact"]
    # The context can hold names of appointments' parties: not shown in lists.
    exclude = ["context", "attachments"]
    readonly_fields = [
        "key",
        "channel",
        "recipient",
        "to_email",
        "language",
        "template",
        "urgent",
        "due_at",
        "not_after",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "claim_token",
        "last_error",
        "created_at",
        "sent_at",
    ]
    # To whom and what kind (the template names it, the key did before it was opaque):
    # superusers only. The error of a failed send can name the address or the template.
    private_fields = ("recipient", "to_email", "key", "template", "language", "last_error")
    actions = ["retry_failed"]

    @admin.action(description=_("Retry the selected failed messages"))
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=OutboxMessage.Status.FAILED))
        for message in failed:
            message_retry(message=message)
        messages.success(request, _("%(count)d messages queued again.") % {"count": len(failed)})

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if request.user.is_superuser and ":" in term:
            try:
                found = queryset.with_key_prefix(term) if term.endswith(":") else queryset.with_key(term)
            except ValueError:  # a prefix that names no object
                found = queryset.none()
            return found, False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False
