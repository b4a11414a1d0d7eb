from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    overview = selectors.home_overview()
    fora = [(forum, overview.chairs.get(forum.pk, [])) for forum in overview.fora]
    return render(request, "portal/home.html", {"overview": overview, "fora": fora})
