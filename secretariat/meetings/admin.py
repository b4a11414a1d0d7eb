from django.contrib import admin

from secretariat.core.admin import VersionedModelAdmin

from .models import Meeting, MeetingSeries

# Documents are not here: their numbers, files and classification change only through the
# services, which lock the counter and check the content.


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(VersionedModelAdmin):
    list_display = ("slug", "forum", "code_prefix", "cadence_months")
    search_fields = ("slug", "code_prefix")


@admin.register(Meeting)
class MeetingAdmin(VersionedModelAdmin):
    list_display = ("__str__", "forum", "kind", "status", "start_date", "host_economy")
    list_filter = ("kind", "status")
    search_fields = ("code",)
