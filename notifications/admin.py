from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage
from .services import message_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "template", "status", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["key"]
    # The context can hold names of appointments' parties: not shown in lists.
    exclude = ["context", "attachments"]
    readonly_fields = [
        "key",
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
    actions = ["retry_failed"]

    @admin.action(description=_("Retry the selected failed messages"))
    def retry_failed(self, request, queryset):
        failed = list(queryset.filter(status=OutboxMessage.Status.FAILED))
        for message in failed:
            message_retry(message=message)
        messages.success(request, _("%(count)d messages queued again.") % {"count": len(failed)})

    def has_add_permission(self, request):
        return False
