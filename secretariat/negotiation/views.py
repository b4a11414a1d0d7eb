"""Negotiation pages: the list of texts, a text with its paragraphs, and the consensus map."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from secretariat.core import live as live_channel
from secretariat.core import page_cache
from secretariat.registry.permissions import principal_for

from . import (
    live,
    map_cache,
    permissions,
    permissions_import,
    selectors,
    selectors_closing,
    services_closing,
    views_record,
)
from .choices import AmendmentKind, ParagraphState, Stance
from .models import Text


def texts(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    visible = selectors.texts_visible_to(principal).order_by("-updated_at")
    return render(
        request,
        "negotiation/texts.html",
        {"texts": visible, "may_import": permissions_import.may_draft(principal)},
    )


# What a paragraph's own form may propose: inserting a new paragraph is proposed elsewhere.
PROPOSAL_KINDS = [
    (value, label) for value, label in AmendmentKind.choices if value != AmendmentKind.INSERT
]


def text(request: HttpRequest, slug: str) -> HttpResponse:
    if page_cache.cacheable(request):  # a signed-out reader: the outcome page, cached
        cached = views_record.cached_outcome(request, slug)
        if cached is not None:
            return cached
    item = permissions.access_text(request.user, slug)
    principal = principal_for(request.user)
    if not permissions.may_see_record(principal, item):
        return views_record.outcome(request, item)
    consensus_map = selectors.consensus_map(item)
    own = permissions.delegation_roles_on(principal, item, consensus_map.delegations)
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
            "sees_ad_referendum": permissions.sits_in_forum(principal, item),
            "silence": services_closing.running_silence(item),
            "stances": Stance.choices,
            "proposal_kinds": PROPOSAL_KINDS,
            "today": selectors_closing.confirmation_day(),
            "may_derestrict": principal.is_secretariat,
        },
    )


def outstanding(request: HttpRequest, slug: str) -> HttpResponse:
    """For the chair and the secretariat: what stands between the text and its adoption."""
    item = permissions.access_text(request.user, slug, need="chair")
    found = selectors_closing.outstanding_before_adoption(
        item, selectors_closing.confirmation_day()
    )
    return render(request, "negotiation/outstanding.html", {"text": item, "outstanding": found})


def consensus_map(request: HttpRequest, slug: str) -> HttpResponse:
    item = permissions.access_text(request.user, slug, need="record")
    only_open = request.GET.get("open") == "1"
    mine = request.GET.get("mine") == "1"
    economy_ids = principal_for(request.user).economy_ids if mine else None
    if request.headers.get("HX-Request") == "true":  # the filters: the table, on a live page
        return HttpResponse(
            _map_table_html(request, item, only_open=only_open, economy_ids=economy_ids)
        )
    # Read before the map's state and rows: the page's first stream starts after this id
    # (live-map.js), so a change made while the page travels to the browser is replayed, not
    # lost; one already in the map read below may come again, and is applied again alike.
    events_after = live_channel.broker().newest_id(live.channel(item))
    table_html = _map_table_html(request, item, only_open=only_open, economy_ids=economy_ids)
    return render(
        request,
        "negotiation/map.html",
        {
            "text": item,
            "version": item.current_version,
            "table_html": table_html,
            "events_after": events_after,
            "only_open": only_open,
            "mine": mine,
            "states": ParagraphState.choices,
            "stances": Stance.choices,
        },
    )


def _map_form(economy_ids: frozenset[int] | None) -> str:
    """Names one rendering of the map's rows: the language, the columns and the day."""
    columns = "all" if economy_ids is None else "-".join(map(str, sorted(economy_ids)))
    # Rows flag ad referendum positions past their confirmation date: a new day is another
    # rendering (computed afresh once that day), so no row says "overdue" a day late.
    return f"html:{get_language()}:{columns}:{selectors_closing.confirmation_day().isoformat()}"


def map_rows_html(
    text: Text,
    state: live.MapState,
    *,
    economy_ids: frozenset[int] | None,
    writes: dict[str, object] | None = None,
) -> map_cache.RenderedMap:
    """The map's rows as HTML, kept row by row (``map_cache``): the page's table and the
    live row that every delegate re-reads after a position share them, so a change is
    rendered once, not once per reader."""
    render_row = _row_renderer(text, economy_ids=economy_ids)
    return map_cache.rendered_map(text, state, _map_form(economy_ids), render_row, writes)


def _row_renderer(
    text: Text, *, economy_ids: frozenset[int] | None
) -> "Callable[[selectors.MapRow], str]":
    row_template = get_template("negotiation/_map_row.html")
    today = selectors_closing.confirmation_day()

    def render_row(row: selectors.MapRow) -> str:
        # Without the request: a row shows nothing of the reader but the columns.
        return row_template.render(
            {"text": text, "row": row, "cells": row.cells_for(economy_ids), "today": today}
        )

    return render_row


def live_row_fields(text_id: int, eid: str) -> dict[str, object]:
    """What a position's event carries so the open maps need not each re-read the row
    (``live.announce``): the row with every column — the map's form unless filtered to the
    reader's economy — in the site's language and in the language of whoever stated the
    position (the negotiation's working language and most readers' in practice; a map in
    another language re-reads it), and the number of the last change it includes, by which
    a page keeps the newest of two rows that arrive out of order. The row is computed alone
    (``map_cache.rendered_row``): rendering it through the whole map's kept rows made each
    position cost the delegate time in proportion to the text's length."""
    text = Text.objects.select_related("current_version").get(pk=text_id)
    state = live.map_state(text)
    languages = dict.fromkeys([settings.LANGUAGE_CODE, get_language() or settings.LANGUAGE_CODE])
    rows: dict[str, str] = {}
    for language in languages:
        with translation.override(language):
            row = map_cache.rendered_row(text, state, eid, _row_renderer(text, economy_ids=None))
        if row is not None:
            rows[language] = row
    # A string: the counter can exceed what a JavaScript number holds exactly.
    return {"change": str(state.changes), "rows": rows}


def _map_table_html(
    request: HttpRequest, text: Text, *, only_open: bool, economy_ids: frozenset[int] | None
) -> SafeString:
    """The rendered map, cached until the next change to the text (``live.map_state``):
    every delegate watching the same text shares one rendering. Built from rows cached one
    by one (``map_cache``), so after a change only the rows it touched are rendered again."""
    state = live.map_state(text)
    form = _map_form(economy_ids)
    key = f"negotiation:map:{text.pk}:{state.token}:{form}:{int(only_open)}"
    html = cache.get(key)
    if html is None:
        writes: dict[str, object] = {}
        rendered = map_rows_html(text, state, economy_ids=economy_ids, writes=writes)
        html = render_to_string(
            "negotiation/_map_table.html",
            {
                "text": text,
                "agreed": rendered.agreed,
                "delegations": [
                    d
                    for d in rendered.delegations
                    if economy_ids is None or d.economy_id in economy_ids
                ],
                "rows_html": mark_safe(  # noqa: S308 - our own template's output
                    "".join(rendered.rows(only_open=only_open))
                ),
            },
            request=request,
        )
        writes[key] = html
        cache.set_many(writes, map_cache.TTL_SECONDS)  # the rows and the table: one round trip
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered
