from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secretariat.registry.choices import ForumKind

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    overview, face = selectors.home(now)
    # The kind's label looked up by value (``get_kind_display`` hashes every choice's lazy
    # label, translating each, for every forum).
    kinds = dict(ForumKind.choices)
    fora = [
        (forum, overview.chairs.get(forum.pk, []), kinds.get(forum.kind, forum.kind))
        for forum in overview.fora
    ]
    return render(
        request,
        "portal/home.html",
        {
            "overview": overview,
            "fora": fora,
            "face": face,
            "now": now,
        },
    )


def archive(request: HttpRequest) -> HttpResponse:
    """Documents that were restricted and have been derestricted, latest first."""
    page = Paginator(selectors.derestricted_documents(), 50).get_page(request.GET.get("page"))
    return render(request, "portal/archive.html", {"page": page, "documents": page.object_list})
