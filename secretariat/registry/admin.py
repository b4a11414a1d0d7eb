from django.contrib import admin

from secretariat.core.admin import AuditedModelAdmin, VersionedModelAdmin

from .models import Delegation, Economy, Forum, ForumRole, Organisation, Person

# Internal notes are deliberately not here: they belong to their economy, not to the admins.


@admin.register(Economy)
class EconomyAdmin(VersionedModelAdmin):
    list_display = ("code", "code_alpha3", "__str__", "joined_year")
    search_fields = ("code", "code_alpha3")


@admin.register(Organisation)
class OrganisationAdmin(VersionedModelAdmin):
    list_display = ("slug", "acronym", "kind", "economy")
    list_filter = ("kind",)
    search_fields = ("slug", "acronym")


@admin.register(Forum)
class ForumAdmin(VersionedModelAdmin):
    list_display = ("abbreviation", "slug", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("slug", "abbreviation")


@admin.register(Person)
class PersonAdmin(VersionedModelAdmin):
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
