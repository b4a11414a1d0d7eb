"""Reading extracts. Callers show one only beside its object, after authorising the object
(``access_text``, ``access_document``): an extract has no visibility of its own."""

from .models import Summary


def extract_for(kind: str, target_id: int) -> Summary | None:
    return Summary.objects.filter(target_kind=kind, target_id=target_id).first()
