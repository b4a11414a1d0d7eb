from typing import Any

from django.contrib import admin

from secretariat.core.admin import VersionedModelAdmin

from .choices import ISSUED_STATES
from .models import LiaisonStatement


@admin.register(LiaisonStatement)
class LiaisonStatementAdmin(VersionedModelAdmin):
    list_display = ("__str__", "forum", "direction", "purpose", "state", "deadline", "issued_on")
    list_filter = ("state", "purpose", "direction", "forum")
    list_select_related = ("forum",)
    raw_id_fields = ("in_response_to", "attachments")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        """A sent or received statement keeps what it said and what it carried (as the
        service keeps it): in the admin too, only its restriction still changes."""
        if obj is None or obj.state not in ISSUED_STATES:
            return self.readonly_fields
        editable = {"is_restricted"}
        fields = [f.name for f in obj._meta.get_fields() if f.concrete and not f.auto_created]
        return tuple(
            dict.fromkeys([*self.readonly_fields, *(f for f in fields if f not in editable)])
        )
