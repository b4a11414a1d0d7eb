from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from secretariat.core import audit
from secretariat.core.admin import AuditedModelAdmin

from .models import ApiToken, User


@admin.register(User)
class SecretariatUserAdmin(AuditedModelAdmin, UserAdmin):
    """Granting staff rights is a change that matters: it is audited like any other."""

    audit_exclude = ("password", "last_login")
    fieldsets = (*UserAdmin.fieldsets, ("Preferences", {"fields": ("preferred_language",)}))

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        user = form.instance
        before = self._grants(user)
        super().save_related(request, form, formsets, change)
        after = self._grants(user)
        if before != after:
            audit.record(
                actor=request.user,
                action="accounts.user.grants.admin",
                obj=user,
                changes=audit.diff(before, after),
            )

    @staticmethod
    def _grants(user):  # type: ignore[no-untyped-def]
        return {
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "user_permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
        }


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    audit_exclude = ("key_hash",)
    list_display = ("name", "user", "prefix", "scopes", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("name", "prefix", "user__username")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # tokens are issued through the account page or the API
