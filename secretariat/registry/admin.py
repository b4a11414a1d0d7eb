from typing import Any

from django.contrib import admin

from secretariat.core import cache_tokens
from secretariat.core.admin import AuditedModelAdmin, VersionedModelAdmin

from .models import Delegation, Economy, Forum, ForumRole, Organisation, Person, WorksWith

# Internal notes are deliberately not here: they belong to their economy, not to the admins.


class ShownElsewhereAdmin(VersionedModelAdmin):
    """Rows other pages show and cache (a meeting's participants and documents name
    economies, fora, organisations, people): renew their token, as the services do."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        cache_tokens.renew(cache_tokens.rows_of(type(obj)))

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        cache_tokens.renew(cache_tokens.rows_of(type(obj)))


@admin.register(Economy)
class EconomyAdmin(ShownElsewhereAdmin):
    list_display = ("code", "code_alpha3", "__str__", "joined_year")
    search_fields = ("code", "code_alpha3")


@admin.register(Organisation)
class OrganisationAdmin(ShownElsewhereAdmin):
    list_display = ("slug", "acronym", "kind", "economy")
    list_filter = ("kind",)
    search_fields = ("slug", "acronym")


@admin.register(Forum)
class ForumAdmin(ShownElsewhereAdmin):
    list_display = ("abbreviation", "slug", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("slug", "abbreviation")


@admin.register(Person)
class PersonAdmin(ShownElsewhereAdmin):
    list_display = ("__str__", "economy", "organisation", "is_public", "user")
    list_filter = ("is_public", "economy")
    search_fields = ("family_name", "given_name", "email")


@admin.register(Delegation)
class DelegationAdmin(VersionedModelAdmin):
    list_display = ("economy", "forum")
    list_filter = ("forum",)


@admin.register(ForumRole)
class ForumRoleAdmin(AuditedModelAdmin):
    list_display = ("person", "kind", "forum", "delegation", "organisation")
    list_filter = ("kind", "forum")


@admin.register(WorksWith)
class WorksWithAdmin(VersionedModelAdmin):
    list_display = ("forum", "partner_forum", "partner_organisation", "since")
    list_filter = ("forum",)
    list_select_related = ("forum", "partner_forum", "partner_organisation")
