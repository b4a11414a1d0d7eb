from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

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


# allauth's own admin pages show each user's second-factor secrets (the TOTP seed and
# recovery codes in ``Authenticator.data``) and identity-provider tokens. They are their
# users' own: the secretariat may see that a factor exists and remove it (a user locked out),
# never read it.
admin.site.unregister(Authenticator)
if admin.site.is_registered(SocialToken):
    admin.site.unregister(SocialToken)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    fields = readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action="accounts.authenticator.deleted.admin",
                obj=obj,
                object_repr=f"{obj.type} of user #{obj.user_id}",
                changes={"user_id": obj.user_id, "type": obj.type},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
