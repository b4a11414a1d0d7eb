from django.contrib import admin

from secretariat.core.admin import AuditedModelAdmin, VersionedModelAdmin

from .models import CoHost, Exhibitor, Speaker

# Contact requests are not here: they belong to their sender and the exhibitor's contacts.


@admin.register(CoHost)
class CoHostAdmin(AuditedModelAdmin):
    list_display = ("meeting", "organisation")


@admin.register(Speaker)
class SpeakerAdmin(VersionedModelAdmin):
    list_display = ("__str__", "meeting", "session", "role", "order")
    list_filter = ("role",)
    search_fields = ("name", "person__family_name")


@admin.register(Exhibitor)
class ExhibitorAdmin(VersionedModelAdmin):
    list_display = ("booth_code", "organisation", "meeting", "sector", "booth_size")
    list_filter = ("sector", "booth_size")
    search_fields = ("booth_code", "organisation__slug")
