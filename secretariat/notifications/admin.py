from django.contrib import admin

from .models import Notification

# Preferences are each user's own; the admin sees only that something was sent, to whom and
# when — never the body: an e-mail is its recipient's, and some carry text only its sender
# and recipient may read (an exhibitor's contact requests).
SHOWN_FIELDS = ("recipient", "topic", "subject", "link", "dedupe_key", "created_at", "sent_at")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "topic", "subject", "sent_at")
    list_filter = ("topic",)
    search_fields = ("subject", "recipient__username")
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the record is what keeps a reminder from going out twice
