from typing import Any

from django.contrib import admin

from secretariat.core import cache_tokens
from secretariat.core.admin import VersionedModelAdmin

from . import cache
from .models import Meeting, MeetingSeries

# Documents are not here: their numbers, files and classification change only through the
# services, which lock the counter and check the content.


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(VersionedModelAdmin):
    list_display = ("slug", "forum", "code_prefix", "cadence_months")
    search_fields = ("slug", "code_prefix")

    # Its meetings' pages show its name, as the services' writes do.
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        cache_tokens.renew(cache_tokens.rows_of(MeetingSeries))

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        cache_tokens.renew(cache_tokens.rows_of(MeetingSeries))


@admin.register(Meeting)
class MeetingAdmin(VersionedModelAdmin):
    list_display = ("__str__", "forum", "kind", "status", "start_date", "host_economy")
    list_filter = ("kind", "status")
    search_fields = ("code",)

    # The meeting's page is cached until the meeting is touched, as the services' writes do.
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        cache.touch(obj.pk)

    def delete_model(self, request: Any, obj: Any) -> None:
        meeting_id = obj.pk
        super().delete_model(request, obj)
        cache.touch(meeting_id)
