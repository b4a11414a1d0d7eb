from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits go into the audit log like service writes, in the admin's transaction."""

    audit_exclude: tuple[str, ...] = ()  # fields never copied into the log (password hashes)

    def _logged(self, obj: Any) -> dict[str, Any]:
        data = model_to_dict(obj, exclude=self.audit_exclude)
        return audit.to_json_value(
            {k: getattr(v, "pk", v) for k, v in data.items() if not isinstance(v, list | tuple)}
        )

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = self._logged(type(obj).objects.get(pk=obj.pk)) if change else {}
        if change and hasattr(obj, "version"):
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        obj.refresh_from_db()
        after = self._logged(obj)
        action = "updated" if change else "created"
        audit.record(
            actor=request.user,
            action=f"{obj._meta.label_lower}.{action}.admin",
            obj=obj,
            changes=audit.diff(before, after),
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        audit.record(actor=request.user, action=f"{obj._meta.label_lower}.deleted.admin", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        # The "delete selected" action runs outside the admin's usual transaction.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class VersionCheckedForm(forms.ModelForm):
    """The version the editor loaded travels in a hidden field; saving from a stale page is
    refused with a form error instead of overwriting someone else's change."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != current:
                raise forms.ValidationError(
                    _(
                        "Someone changed this record after you opened it. Reload the page to see "
                        "their change, then make yours again."
                    )
                )
        return cleaned


class VersionedModelAdmin(AuditedModelAdmin):
    form = VersionCheckedForm
    readonly_fields: tuple[str, ...] = ("version",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "created_at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("object_type",)
    search_fields = ("action", "object_id", "actor_label")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
