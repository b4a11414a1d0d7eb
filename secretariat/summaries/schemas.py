from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Schema

from .models import Summary


class AutomaticExtractOut(Schema):
    """Sentences chosen from the object by software, never written by anyone."""

    label: str
    sentences: list[str]
    language: str
    method: str
    made_at: datetime

    @staticmethod
    def resolve_label(obj: Summary) -> str:
        return _("Automatic extract")


def automatic_extract_of(kind: str, target_id: int) -> Summary | None:
    from .selectors import extract_for

    return extract_for(kind, target_id)
