"""Negotiation pages: the list of texts, a text with its paragraphs, and the consensus map."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from secretariat.registry.permissions import principal_for

from . import live, permissions, selectors, services_closing
from .choices import AmendmentKind, Stance
from .models import Text


def texts(request: HttpRequest) -> HttpResponse:
    visible = selectors.texts_visible_to(principal_for(request.user)).order_by("-updated_at")
    return render(request, "negotiation/texts.html", {"texts": visible})


def text(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_text(request.user, slug)
    consensus_map = selectors.consensus_map(item)
    principal = principal_for(request.user)
    own = permissions.delegation_roles_on(principal, item)
    stating = own["positions"]
    rows = [
        (row, next((p for d, p in row.cells if stating and d.pk == stating.pk), None))
        for row in consensus_map.rows
    ]
    return render(
        request,
        "negotiation/text.html",
        {
            "text": item,
            "map": consensus_map,
            "rows": rows,
            "stating": stating,
            "proposing": own["amendments"],
            "is_chair": permissions.chairs(principal, item),
            "silence": services_closing.running_silence(item),
            "stances": Stance.choices,
            "amendment_kinds": AmendmentKind.choices,
        },
    )


def consensus_map(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_text(request.user, slug)
    only_open = request.GET.get("open") == "1"
    mine = request.GET.get("mine") == "1"
    economy_ids = principal_for(request.user).economy_ids if mine else None
    table_html = _map_table_html(request, item, only_open=only_open, economy_ids=economy_ids)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(table_html)
    return render(
        request,
        "negotiation/map.html",
        {
            "text": item,
            "version": item.current_version,
            "table_html": table_html,
            "only_open": only_open,
            "mine": mine,
        },
    )


def _map_table_html(
    request: HttpRequest, text: Text, *, only_open: bool, economy_ids: frozenset[int] | None
) -> SafeString:
    """The rendered map, cached until the next change to the text (``live.map_token``):
    every delegate watching the same text shares one rendering."""
    columns = "all" if economy_ids is None else "-".join(map(str, sorted(economy_ids)))
    key = (
        f"negotiation:map:{text.pk}:{live.map_token(text)}:{get_language()}"
        f":{int(only_open)}:{columns}"
    )
    html = cache.get(key)
    if html is None:
        full_map = selectors.consensus_map(text)
        delegations, table = full_map.filtered(only_open=only_open, economy_ids=economy_ids)
        html = render_to_string(
            "negotiation/_map_table.html",
            {"text": text, "map": full_map, "table": table, "delegations": delegations},
            request=request,
        )
        cache.set(key, html, 60 * 60)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
