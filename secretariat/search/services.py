"""Search over everything a reader may see, and the keyword ranking of agreed paragraphs
that the precedent finder fuses with its vectors (ADR 0031)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from secretariat.registry.models import Forum
from secretariat.registry.permissions import Principal, principal_for

from . import index, query, selectors, snippets
from .choices import EntryKind
from .models import SearchEntry
from .tokenize import Term, query_terms

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
    if not terms or limit <= 0:
        return []
    who = principal if principal is not None else principal_for(None)
    entries = selectors.entries_visible_to(who, timezone.now()).filter(kind=EntryKind.PARAGRAPH)
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


def _facets(entries: QuerySet[SearchEntry]) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and the four facets of ``entries`` from one grouped query (the groups are
    few: kinds × fora × years × languages)."""
    groups = (
        entries.order_by()
        .values_list("kind", "forum_id", "year", "language")
        .annotate(n=Count("pk"))
    )
    facets: dict[str, dict[str, int]] = {"kind": {}, "forum": {}, "year": {}, "language": {}}
    forum_counts: dict[int, int] = {}
    total = 0
    for kind, forum_id, year, language, n in groups:
        total += n
        _add(facets["kind"], kind, n)
        _add(facets["year"], year, n)
        _add(facets["language"], language, n)
        if forum_id is not None:
            forum_counts[forum_id] = forum_counts.get(forum_id, 0) + n
    slugs = dict(Forum.objects.filter(pk__in=forum_counts).values_list("pk", "slug"))
    for forum_id, n in forum_counts.items():
        _add(facets["forum"], slugs.get(forum_id), n)
    return total, {name: dict(sorted(counts.items())) for name, counts in facets.items()}


def _add(counts: dict[str, int], value: object, n: int) -> None:
    if value not in (None, ""):
        counts[str(value)] = counts.get(str(value), 0) + n


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
    total, facets = _facets(entries)
    narrowed = {"kind": kind, "language": language, "forum__slug": forum, "year": year}
    narrowed = {name: value for name, value in narrowed.items() if value}
    if narrowed:
        entries = entries.filter(**narrowed)
        total = entries.count()
    # Every result contains every word, so a score would be the same for all: newest first.
    # The page's ids are sorted first, then only its rows read (sorting whole rows would
    # carry every matching item's text through the sort).
    ordered = entries.order_by("-year", "kind", "-object_id").values_list("pk", flat=True)
    ids = list(ordered[offset : offset + min(limit, MAX_LIMIT)])
    rows = SearchEntry.objects.select_related("forum").defer("haystack", "extra").in_bulk(ids)
    page = [rows[pk] for pk in ids]
    items = [
        Hit(
            kind=entry.kind,
            object_id=entry.object_id,
            title=entry.title,
            path=entry.path,
            snippet=snippets.snippet(entry.body or _title_text(entry.title), terms),
            language=entry.language,
            year=entry.year,
            forum=entry.forum.slug if entry.forum else None,
        )
        for entry in page
    ]
    return Results(query=text, total=total, items=items, facets=facets)


def _title_text(title: dict[str, Any]) -> str:
    return next((v.get("text", "") for v in title.values() if isinstance(v, dict)), "")


def reindex_items(*, kind: str, ids: list[int]) -> int:
    """Bring the entries of these items up to date (a task calls this after a change)."""
    return index.refresh(kind, ids)


def reindex_everything() -> dict[str, int]:
    return index.rebuild()
