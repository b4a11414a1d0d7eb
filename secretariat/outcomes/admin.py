from django.contrib import admin

from secretariat.core.admin import AuditedModelAdmin

from .models import TranslatorAssignment


@admin.register(TranslatorAssignment)
class TranslatorAssignmentAdmin(AuditedModelAdmin):
    """Who translates or reviews which language (also ``/api/outcomes/translators/``).
    Outcomes and translations are changed only through their services (workspace, API):
    an admin edit could mark a translation verified with no reviewer."""

    list_display = ("user", "language", "may_review", "created_at")
    list_filter = ("language", "may_review")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)
