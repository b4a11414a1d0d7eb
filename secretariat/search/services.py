"""Search over everything a reader may see, and the keyword ranking of agreed paragraphs
that the precedent finder fuses with its vectors (ADR 0031)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from secretariat.registry.models import Forum
from secretariat.registry.permissions import Principal, principal_for

from . import index, query, selectors, snippets
from .choices import EntryKind
from .models import SearchEntry
from .tokenize import Term, is_cjk, query_terms

MAX_QUERY = 500  # characters of a query that are read
MAX_LIMIT = 100


def rank_paragraphs(
    query_text: str,
    *,
    limit: int = 50,
    adopted_only: bool = True,
    principal: Principal | None = None,
) -> list[int]:
    """Ids of ``negotiation.Paragraph`` rows, best keyword match first: the paragraphs of
    the version each text stands at (only adopted texts' agreed paragraphs when
    ``adopted_only``) that ``principal`` may read (None: what anyone may read). An item
    scores the summed weights of the query's words it contains (``tokenize.Term.weight``);
    ties go to the newer paragraph."""
    terms = query_terms(query_text[: MAX_QUERY * 10], max_terms=24)
    # A draft paragraph is a long query: its short function words (the, and, for, we) would
    # make nearly every paragraph a candidate to score. CJK words are kept whatever their size.
    terms = [term for term in terms if is_cjk(term.word) or len(term.word) >= 4] or terms
    if not terms or limit <= 0:
        return []
    who = principal if principal is not None else principal_for(None)
    entries = selectors.entries_visible_to(who, timezone.now()).filter(
        entry_kind=EntryKind.PARAGRAPH  # type: ignore[misc]  # an alias the plugin cannot see
    )
    if adopted_only:
        entries = entries.filter(agreed=True)
    ranked = (
        entries.filter(query.matching(terms, every=False))
        .annotate(score=query.score(terms))
        .order_by("-score", "-object_id")
        .values_list("object_id", flat=True)[:limit]
    )
    return list(ranked)


@dataclass
class Hit:
    kind: str
    object_id: int
    title: dict[str, Any]
    path: str
    snippet: str
    language: str
    year: int | None
    forum: str | None


@dataclass
class Results:
    query: str
    total: int
    items: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


Group = tuple[str, int | None, int | None, str, int]  # kind, forum id, year, language, count


def _facets(groups: list[Group]) -> dict[str, dict[str, int]]:
    """The four facets from the grouped counts (the groups are few: kinds × fora × years ×
    languages)."""
    facets: dict[str, dict[str, int]] = {"kind": {}, "forum": {}, "year": {}, "language": {}}
    forum_counts: dict[int, int] = {}
    for kind, forum_id, year, language, n in groups:
        _add(facets["kind"], kind, n)
        _add(facets["year"], year, n)
        _add(facets["language"], language, n)
        if forum_id is not None:
            forum_counts[forum_id] = forum_counts.get(forum_id, 0) + n
    slugs = dict(Forum.objects.filter(pk__in=forum_counts).values_list("pk", "slug"))
    for forum_id, n in forum_counts.items():
        _add(facets["forum"], slugs.get(forum_id), n)
    return {name: dict(sorted(counts.items())) for name, counts in facets.items()}


def _add(counts: dict[str, int], value: object, n: int) -> None:
    if value not in (None, ""):
        counts[str(value)] = counts.get(str(value), 0) + n


def _narrowing(
    kind: str | None, language: str | None, forum: str | None, year: int | None
) -> tuple[dict[int, Any], str, list[Any]] | None:
    """The filters as {group column: value} and as SQL on the matched rows; None: an
    unknown forum (nothing can match)."""
    wanted: dict[int, Any] = {}
    conditions, params = ["1 = 1"], []
    for position, column, value in (
        (0, "kind", kind),
        (3, "language", language),
        (2, "year", year),
    ):
        if value:
            wanted[position] = value
            conditions.append(f"matched.{column} = %s")
            params.append(value)
    if forum:
        forum_id = Forum.objects.filter(slug=forum).values_list("pk", flat=True).first()
        if forum_id is None:
            return None
        wanted[1] = forum_id
        conditions.append("matched.forum_id = %s")
        params.append(forum_id)
    return wanted, " AND ".join(conditions), params


def search(
    *,
    principal: Principal,
    text: str,
    kind: str | None = None,
    language: str | None = None,
    forum: str | None = None,
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
    now: datetime | None = None,
) -> Results:
    """The items ``principal`` may see that contain every word of ``text``, newest first;
    facets and total count only those (a restricted item is never counted). The facets
    describe the whole query, before ``kind``, ``language``, ``forum`` and ``year``."""
    terms: list[Term] = query_terms(text[:MAX_QUERY])
    if not terms:
        return Results(query=text, total=0, items=[])
    entries = selectors.entries_visible_to(principal, now or timezone.now()).filter(
        query.matching(terms, every=True)
    )
    # The visibility rule and the match are compiled once and read twice: grouped (total and
    # facets) and as the page's ids. Every result contains every word, so a score would be
    # the same for all: newest first (years missing last on both databases).
    matched_sql, matched_params = (
        entries.order_by()
        .values("id", "kind", "forum_id", "year", "language", "object_id")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, forum_id, year, language, COUNT(*) "  # noqa: S608 - our own SQL
            f"FROM ({matched_sql}) matched GROUP BY kind, forum_id, year, language",
            matched_params,
        )
        groups: list[Group] = [tuple(row) for row in cursor.fetchall()]  # type: ignore[misc]
    facets = _facets(groups)
    narrowing = _narrowing(kind, language, forum, year)
    if narrowing is None:
        return Results(query=text, total=0, items=[], facets=facets)
    wanted, where, where_params = narrowing
    total = sum(
        group[-1]
        for group in groups
        if all(group[position] == value for position, value in wanted.items())
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM ({matched_sql}) matched WHERE {where} "  # noqa: S608
            "ORDER BY COALESCE(year, 0) DESC, kind, object_id DESC LIMIT %s OFFSET %s",
            [*matched_params, *where_params, min(limit, MAX_LIMIT), offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
    items = [_hit(row, terms) for row in _page_rows(ids)]
    return Results(query=text, total=total, items=items, facets=facets)


def _page_rows(ids: list[int]) -> list[tuple[Any, ...]]:
    """The shown columns of the page's entries, in the order of ``ids`` (plain SQL: model
    instances cost more than the rest of the search)."""
    if not ids:
        return []
    table, forums = SearchEntry._meta.db_table, Forum._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.kind, e.object_id, e.title, e.body, e.path, e.language, e.year, "  # noqa: S608
            f"f.slug FROM {table} e LEFT JOIN {forums} f ON f.id = e.forum_id "
            f"WHERE e.id IN ({marks})",
            ids,
        )
        by_id = {row[0]: row for row in cursor.fetchall()}
    return [by_id[pk] for pk in ids if pk in by_id]


def _hit(row: tuple[Any, ...], terms: list[Term]) -> Hit:
    _, kind, object_id, title, body, path, language, year, forum = row
    if isinstance(title, str):  # SQLite returns JSON as text, PostgreSQL as a value
        title = json.loads(title)
    return Hit(
        kind=kind,
        object_id=object_id,
        title=title,
        path=path,
        snippet=snippets.snippet(body or _title_text(title), terms),
        language=language,
        year=year,
        forum=forum,
    )


def _title_text(title: dict[str, Any]) -> str:
    return next((v.get("text", "") for v in title.values() if isinstance(v, dict)), "")


def reindex_items(*, kind: str, ids: list[int]) -> int:
    """Bring the entries of these items up to date (a task calls this after a change)."""
    return index.refresh(kind, ids)


def reindex_everything() -> dict[str, int]:
    return index.rebuild()
