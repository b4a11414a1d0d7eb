from django.contrib import admin

from .models import Notification

# Preferences are each user's own; the admin sees only what was sent, read-only.


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "topic", "subject", "sent_at")
    list_filter = ("topic",)
    search_fields = ("subject", "recipient__username")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the record is what keeps a reminder from going out twice
