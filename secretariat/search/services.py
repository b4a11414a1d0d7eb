"""Search over everything a reader may see, and the keyword ranking of agreed paragraphs
that the precedent finder fuses with its vectors (ADR 0031)."""

from __future__ import annotations

import json
import re
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
    ``adopted_only``) that ``principal`` may read (None: what anyone may read), matched on
    their wording or on a published translation's (a Korean draft finds the English
    paragraph whose Korean translation has its words). An item scores the summed weights of
    the query's words it contains (``tokenize.Term.weight``); ties go to the newer item."""
    terms = query_terms(query_text[: MAX_QUERY * 10], max_terms=24)
    # A draft paragraph is a long query: its short function words (the, and, for, we) would
    # make nearly every paragraph a candidate to score. CJK words are kept whatever their size.
    terms = [term for term in terms if is_cjk(term.word) or len(term.word) >= 4] or terms
    if not terms or limit <= 0:
        return []
    who = principal if principal is not None else principal_for(None)
    entries = selectors.entries_visible_to(who, timezone.now()).filter(
        entry_kind__in=[EntryKind.PARAGRAPH, EntryKind.TRANSLATION]  # type: ignore[misc]  # an alias the plugin cannot see
    )
    if adopted_only:
        entries = entries.filter(agreed=True)
    ranked = list(
        entries.filter(query.matching(terms, every=False))
        .annotate(score=query.score(terms))
        .order_by("-score", "-object_id")
        .values_list("kind", "object_id")[:limit]
    )
    translated = _translated_paragraphs(
        [pk for kind, pk in ranked if kind == EntryKind.TRANSLATION]
    )
    paragraph_ids = (
        pk if kind == EntryKind.PARAGRAPH else translated.get(pk) for kind, pk in ranked
    )
    return list(dict.fromkeys(pk for pk in paragraph_ids if pk is not None))


def _translated_paragraphs(translation_ids: list[int]) -> dict[int, int]:
    """{translation id: id of the paragraph it translates, in the version its text stands
    at} (two reads, whatever the number)."""
    if not translation_ids:
        return {}
    from secretariat.negotiation.models import Paragraph
    from secretariat.outcomes.models import ParagraphTranslation

    translations = ParagraphTranslation.objects.filter(pk__in=translation_ids).values_list(
        "pk", "outcome__text__current_version_id", "eid"
    )
    wanted = {(version_id, eid): pk for pk, version_id, eid in translations}
    paragraphs = Paragraph.objects.filter(
        version_id__in={version_id for version_id, _ in wanted},
        provision__eid__in={eid for _, eid in wanted},
    ).values_list("pk", "version_id", "provision__eid")
    return {
        wanted[(version_id, eid)]: pk
        for pk, version_id, eid in paragraphs
        if (version_id, eid) in wanted
    }


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


Group = tuple[str, str | None, int | None, str, int]  # kind, forum slug, year, language, count


def _facets(groups: list[Group]) -> dict[str, dict[str, int]]:
    """The four facets from the grouped counts (the groups are few: kinds × fora × years ×
    languages)."""
    facets: dict[str, dict[str, int]] = {"kind": {}, "forum": {}, "year": {}, "language": {}}
    for kind, forum, year, language, n in groups:
        _add(facets["kind"], kind, n)
        _add(facets["forum"], forum, n)
        _add(facets["year"], year, n)
        _add(facets["language"], language, n)
    return {name: dict(sorted(counts.items())) for name, counts in facets.items()}


def _add(counts: dict[str, int], value: object, n: int) -> None:
    if value not in (None, ""):
        counts[str(value)] = counts.get(str(value), 0) + n


_ENTRIES = SearchEntry._meta.db_table
_FORUMS = Forum._meta.db_table
# One statement: the entries that match and that the reader may see, worked out once (a
# common table expression read twice is computed once, on both databases), then grouped for
# the total and the facets, and ordered for the page, whose shown columns are read from the
# entries table for its rows only (a second statement cost a round trip and a plan). Both
# conditions are our own SQL (``query.matching_sql``, ``selectors.visible_condition``); the
# entries table keeps its own name, which they use. Every result contains every word, so a
# score would be the same for all: newest first (years missing last on both databases).
# A group's row has no id (NULL) and its count where a page row has its object id.
_MATCHED_GROUPED_AND_PAGED = (
    "WITH matched AS ("  # noqa: S608 - our own SQL; the values are parameters
    f'SELECT "{_ENTRIES}"."id" AS id, "{_ENTRIES}"."kind" AS kind, forum.slug AS forum, '
    f'"{_ENTRIES}"."year" AS year, "{_ENTRIES}"."language" AS language, '
    f'"{_ENTRIES}"."object_id" AS object_id FROM "{_ENTRIES}" '
    f'LEFT JOIN "{_FORUMS}" forum ON forum.id = "{_ENTRIES}"."forum_id" '
    "WHERE {match} AND {visible}) "
    "SELECT NULL, kind, forum, year, language, COUNT(*), NULL, NULL, NULL FROM matched "
    "GROUP BY kind, forum, year, language "
    "UNION ALL SELECT page.*, shown.title, shown.body, shown.path FROM (SELECT id, kind, "
    "forum, year, language, object_id FROM matched WHERE 1 = 1 {narrowing} "
    "ORDER BY COALESCE(year, 0) DESC, kind, object_id DESC LIMIT %s OFFSET %s) page "
    f'JOIN "{_ENTRIES}" shown ON shown.id = page.id'
)


def _narrowing(
    kind: str | None, language: str | None, forum: str | None, year: int | None
) -> tuple[dict[int, Any], str, list[Any]]:
    """The filters as {group column: value} and as SQL on the matched rows."""
    wanted: dict[int, Any] = {}
    conditions, params = [], []
    for position, column, value in (
        (0, "kind", kind),
        (1, "forum", forum),
        (2, "year", year),
        (3, "language", language),
    ):
        if value:
            wanted[position] = value
            conditions.append(f"AND {column} = %s")
            params.append(value)
    return wanted, " ".join(conditions), params


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
    describe the whole query, before ``kind``, ``language``, ``forum`` and ``year``.

    The visibility rule is the apps' own, compiled once per process for each reader's facts
    (``selectors.visible_condition``) and evaluated by the database in the one statement
    that finds, counts and pages the matches and reads the page's shown columns."""
    terms: list[Term] = query_terms(text[:MAX_QUERY])
    if not terms:
        return Results(query=text, total=0, items=[])
    match, match_params = query.matching_sql(terms, _ENTRIES)
    visible, visible_params = selectors.visible_condition(principal, now or timezone.now())
    wanted, narrowing, narrowing_params = _narrowing(kind, language, forum, year)
    with connection.cursor() as cursor:
        cursor.execute(
            _MATCHED_GROUPED_AND_PAGED.format(match=match, visible=visible, narrowing=narrowing),
            [*match_params, *visible_params, *narrowing_params, min(limit, MAX_LIMIT), offset],
        )
        rows = cursor.fetchall()
    groups: list[Group] = [tuple(row[1:6]) for row in rows if row[0] is None]  # type: ignore[misc]
    page = sorted(
        (row for row in rows if row[0] is not None),
        key=lambda row: (-(row[3] or 0), row[1], -row[5]),  # as ordered by the SQL
    )
    facets = _facets(groups)
    total = sum(
        group[-1]
        for group in groups
        if all(group[position] == value for position, value in wanted.items())
    )
    marks = snippets.pattern(terms)
    items = [_hit(row, terms, marks) for row in page]
    return Results(query=text, total=total, items=items, facets=facets)


def _hit(row: tuple[Any, ...], terms: list[Term], marks: re.Pattern[str] | None) -> Hit:
    _, kind, forum, year, language, object_id, title, body, path = row
    if isinstance(title, str):  # SQLite returns JSON as text, PostgreSQL as a value
        title = json.loads(title)
    return Hit(
        kind=kind,
        object_id=object_id,
        title=title,
        path=path,
        snippet=snippets.snippet(body or _title_text(title), terms, marks=marks),
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
