from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    overview = selectors.home_overview()
    fora = [(forum, overview.chairs.get(forum.pk, [])) for forum in overview.fora]
    return render(
        request,
        "portal/home.html",
        {
            "overview": overview,
            "fora": fora,
            "face": selectors.public_face(timezone.now()),
            "now": timezone.now(),
        },
    )


def archive(request: HttpRequest) -> HttpResponse:
    """Documents that were restricted and have been derestricted, latest first."""
    page = Paginator(selectors.derestricted_documents(), 50).get_page(request.GET.get("page"))
    return render(request, "portal/archive.html", {"page": page, "documents": page.object_list})
