from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from secretariat.core.admin import AuditedModelAdmin

from .models import ApiToken, User


@admin.register(User)
class SecretariatUserAdmin(AuditedModelAdmin, UserAdmin):
    """Granting staff rights is a change that matters: it is audited like any other."""

    audit_exclude = ("password", "last_login")
    fieldsets = (*UserAdmin.fieldsets, ("Preferences", {"fields": ("preferred_language",)}))


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    audit_exclude = ("key_hash",)
    list_display = ("name", "user", "prefix", "scopes", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("name", "prefix", "user__username")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # tokens are issued through the account page or the API
