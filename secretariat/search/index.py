"""Writing the index: entries are replaced whole, per item, from the items' current state."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from . import sources
from .choices import EntryKind
from .models import SearchEntry
from .sources import Item, all_texts
from .tokenize import extra_column, normalise

_BATCH = 500
# Entries matched on their wording only, and replaced with their text (``refresh``).
_MATCHED_ON_WORDING = (EntryKind.PARAGRAPH, EntryKind.TRANSLATION)


def entry_for(item: Item) -> SearchEntry:
    # A paragraph's title is its text's title and number: matching it would return every
    # paragraph of a text whose title has the word.
    title = "" if item.kind in _MATCHED_ON_WORDING else all_texts(item.title)
    searchable = f"{title}\n{item.body}"
    return SearchEntry(
        kind=item.kind,
        object_id=item.object_id,
        scope_id=item.scope_id,
        forum_id=item.forum_id,
        year=item.year,
        language=item.language,
        agreed=item.agreed,
        title=item.title,
        body=item.body,
        path=item.path,
        haystack=normalise(searchable),
        extra=extra_column(searchable),
    )


def _write(items: Iterator[Item]) -> int:
    written = 0
    batch: list[SearchEntry] = []
    for item in items:
        batch.append(entry_for(item))
        if len(batch) >= _BATCH:
            SearchEntry.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    return written + len(batch)


def refresh(kind: str, ids: Iterable[int]) -> int:
    """Index the items ``ids`` of ``kind`` as they are now; an item that no longer exists
    leaves the index. For a text, its paragraphs and their translations are replaced too."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    with transaction.atomic():
        if kind == EntryKind.TEXT:
            SearchEntry.objects.filter(
                kind__in=[EntryKind.TEXT, *_MATCHED_ON_WORDING], scope_id__in=ids
            ).delete()
        else:
            SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
        return _write(sources.BUILDERS[EntryKind(kind)](ids))


def rebuild() -> dict[str, int]:
    """Every item of every kind, from scratch (``secretariat reindex``)."""
    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, builder in sources.BUILDERS.items():
            counts[str(kind)] = _write(builder())
    _compact()
    return counts


# PostgreSQL's trigram indexes (migrations 0002 and 0004).
_GIN_INDEXES = ("search_haystack_trgm", "search_extra_trgm")


def _compact() -> None:
    """After a rebuild: on SQLite, the FTS5 index merged into one segment (written 500 rows
    at a time it is made of many, each read by every query: a rare word's lookup took four
    times as long at 100,000 paragraphs); on PostgreSQL, the trigram indexes' pending lists
    merged into the indexes (every query reads a pending list whole, and a rebuild leaves it
    full: ``ANALYZE`` does not merge it) and the planner's statistics renewed. Outside a
    transaction PostgreSQL's ``VACUUM`` does both and also drops the replaced entries, which
    the trigram indexes would otherwise still return to every query until autovacuum came
    (after a rebuild of 100,000 paragraphs a rare word's statement read four times the heap
    pages and took twice as long)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif not connection.in_atomic_block:
            cursor.execute(f'VACUUM ANALYZE "{SearchEntry._meta.db_table}"')  # noqa: S608
        else:
            for name in _GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
            cursor.execute(f'ANALYZE "{SearchEntry._meta.db_table}"')  # noqa: S608
