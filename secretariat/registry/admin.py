from django.contrib import admin

from secretariat.core.admin import AuditedModelAdmin

from .models import Delegation, Economy, Forum, ForumRole, Organisation, Person

# Internal notes are deliberately not here: they belong to their economy, not to the admins.


@admin.register(Economy)
class EconomyAdmin(AuditedModelAdmin):
    list_display = ("code", "code_alpha3", "__str__", "joined_year")
    search_fields = ("code", "code_alpha3")
    readonly_fields = ("version",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("slug", "acronym", "kind", "economy")
    list_filter = ("kind",)
    search_fields = ("slug", "acronym")
    readonly_fields = ("version",)


@admin.register(Forum)
class ForumAdmin(AuditedModelAdmin):
    list_display = ("abbreviation", "slug", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("slug", "abbreviation")
    readonly_fields = ("version",)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("__str__", "economy", "organisation", "is_public", "user")
    list_filter = ("is_public", "economy")
    search_fields = ("family_name", "given_name", "email")
    readonly_fields = ("version",)


@admin.register(Delegation)
class DelegationAdmin(AuditedModelAdmin):
    list_display = ("economy", "forum")
    list_filter = ("forum",)
    readonly_fields = ("version",)


@admin.register(ForumRole)
class ForumRoleAdmin(AuditedModelAdmin):
    list_display = ("person", "kind", "forum", "delegation", "organisation")
    list_filter = ("kind", "forum")
