from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import audit


def history_page(request: HttpRequest, *, obj: Model, back_url: str) -> HttpResponse:
    """The audit history of one object the caller has already been allowed to see."""
    entries = audit.history_of(object_type=audit.object_type_of(obj), object_id=str(obj.pk))[:200]
    return render(
        request, "core/history.html", {"subject": obj, "entries": entries, "back_url": back_url}
    )
