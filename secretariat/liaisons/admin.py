from django.contrib import admin

from secretariat.core.admin import VersionedModelAdmin

from .models import LiaisonStatement


@admin.register(LiaisonStatement)
class LiaisonStatementAdmin(VersionedModelAdmin):
    list_display = ("__str__", "forum", "direction", "purpose", "state", "deadline", "issued_on")
    list_filter = ("state", "purpose", "direction", "forum")
    list_select_related = ("forum",)
    raw_id_fields = ("in_response_to", "attachments")
