"""Negotiation pages: the list of texts, a text with its paragraphs, and the consensus map."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.registry.permissions import principal_for

from . import permissions, selectors


def texts(request: HttpRequest) -> HttpResponse:
    visible = selectors.texts_visible_to(principal_for(request.user)).order_by("-updated_at")
    return render(request, "negotiation/texts.html", {"texts": visible})


def text(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_text(request.user, slug)
    consensus_map = selectors.consensus_map(item)
    return render(request, "negotiation/text.html", {"text": item, "map": consensus_map})


def consensus_map(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_text(request.user, slug)
    full_map = selectors.consensus_map(item)
    only_open = request.GET.get("open") == "1"
    mine = request.GET.get("mine") == "1"
    delegations, table = full_map.filtered(
        only_open=only_open,
        economy_ids=principal_for(request.user).economy_ids if mine else None,
    )
    template = (
        "negotiation/_map_table.html"
        if request.headers.get("HX-Request") == "true"
        else "negotiation/map.html"
    )
    return render(
        request,
        template,
        {
            "text": item,
            "map": full_map,
            "table": table,
            "delegations": delegations,
            "only_open": only_open,
            "mine": mine,
        },
    )
