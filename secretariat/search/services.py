"""Search over everything a reader may see, and the keyword ranking of agreed paragraphs
that the precedent finder fuses with its vectors (ADR 0031)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

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


def _facet(entries: QuerySet[SearchEntry], column: str) -> dict[str, int]:
    rows = entries.order_by().values(column).annotate(n=Count("pk")).order_by(column)
    return {str(row[column]): row["n"] for row in rows if row[column] not in (None, "")}


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
    """The items ``principal`` may see that contain every word of ``text``; facets and
    total count only those (a restricted item is never counted)."""
    terms: list[Term] = query_terms(text[:MAX_QUERY])
    if not terms:
        return Results(query=text, total=0, items=[])
    entries = selectors.entries_visible_to(principal, now or timezone.now()).filter(
        query.matching(terms, every=True)
    )
    facets = {
        "kind": _facet(entries, "kind"),
        "forum": _facet(entries, "forum__slug"),
        "year": _facet(entries, "year"),
        "language": _facet(entries, "language"),
    }
    if kind:
        entries = entries.filter(kind=kind)
    if language:
        entries = entries.filter(language=language)
    if forum:
        entries = entries.filter(forum__slug=forum)
    if year:
        entries = entries.filter(year=year)
    total = entries.count()
    page = (
        entries.select_related("forum")
        .annotate(score=query.score(terms))
        .order_by("-score", "-year", "kind", "-object_id")[offset : offset + min(limit, MAX_LIMIT)]
    )
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
