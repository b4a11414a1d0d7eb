"""The heat map: its columns (the commitments a reader's map shows, in theme order), its
economies and cells from the score sheets, read together in a fixed number of queries."""

import functools
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from secretariat.core.prepared import Prepared, together
from secretariat.registry.models import Delegation, Economy

from .. import figures
from ..choices import OwnerKind
from ..models import Commitment, Cycle, Theme
from . import score_matrix
from .off_map import _MARKED_CYCLES, _PAGE_CYCLES, _PAGE_THEMES, _mapped_commitments
from .visibility import (
    _SHEETS,
    SheetRow,
    is_assessor,
    named_rows,
    sheet_rows_visible_to,
)

if TYPE_CHECKING:
    from secretariat.core.i18n import TranslatedValue
    from secretariat.registry.permissions import Principal


class HeatColumn(NamedTuple):
    """What the heat map, its CSV and the API read of a commitment (and what deciding who
    is bound reads): a plain row, not a model instance — 200 of them on every rendering."""

    pk: int
    text_id: int
    eid: str
    theme_id: int | None
    owner_kind: str
    owner_forum_id: int | None
    # The title as its JSON text: only a page of columns shows titles, so only those are
    # decoded (decoding every commitment's was the larger part of reading them). Last: the
    # ORM selects an annotation after the fields.
    title_json: str

    @property
    def title(self) -> "TranslatedValue":
        return cast("TranslatedValue", json.loads(self.title_json))


def responsible_economy_ids(
    commitments: "Sequence[Commitment | HeatColumn]", every_economy: frozenset[int] | None = None
) -> dict[int, frozenset[int]]:
    """Per commitment, the economies bound by it (and so expected to report): three queries
    whatever the number of commitments (two given ``every_economy``, all economies' ids)."""
    all_ids = (
        frozenset(Economy.objects.values_list("pk", flat=True))
        if every_economy is None
        else every_economy
    )
    if set(map(_OWNER_KIND, commitments)) <= {OwnerKind.ALL_ECONOMIES}:
        # Most maps: each commitment binds every economy (looked up in C, 50 columns a page).
        return dict.fromkeys(map(_PK_OF, commitments), all_ids)
    # A read over no ids runs no SQL either way; not building it saves the ORM's time.
    chosen: dict[int, set[int]] = defaultdict(set)
    through = Commitment.owner_economies.through
    some = [c.pk for c in commitments if c.owner_kind == OwnerKind.SOME_ECONOMIES]
    if some:
        for commitment_id, economy_id in through.objects.filter(commitment_id__in=some).values_list(
            "commitment_id", "economy_id"
        ):
            chosen[commitment_id].add(economy_id)
    in_forum: dict[int, set[int]] = defaultdict(set)
    forum_ids = {c.owner_forum_id for c in commitments if c.owner_kind == OwnerKind.FORUM}
    if forum_ids:
        for forum_id, economy_id in Delegation.objects.filter(forum_id__in=forum_ids).values_list(
            "forum_id", "economy_id"
        ):
            in_forum[forum_id].add(economy_id)
    result = {}
    for commitment in commitments:
        if commitment.owner_kind == OwnerKind.SOME_ECONOMIES:
            result[commitment.pk] = frozenset(chosen[commitment.pk])
        elif commitment.owner_kind == OwnerKind.FORUM:
            result[commitment.pk] = frozenset(in_forum[commitment.owner_forum_id or 0])
        else:
            result[commitment.pk] = all_ids
    return result


_OWNER_KIND, _PK_OF, _THEME_OF = attrgetter("owner_kind"), attrgetter("pk"), attrgetter("theme_id")


class HeatEconomy(NamedTuple):
    """What the heat map, its CSV and the API read of an economy (a row's heading): a plain
    row, not a model instance."""

    pk: int
    code: str


@dataclass
class HeatMap:
    """Economies (rows) × commitments (columns) for one cycle and stage; ``cells`` holds,
    per economy, the current score per commitment where there is one the reader may see, and
    ``bound`` the economies bound by each commitment — both of every commitment, or only of
    the columns a page draws when it was built for them (``heat_map_with_progress``'s
    ``drawn``). ``summary`` always covers every commitment."""

    cycle: Cycle | None
    stage: str
    economies: list[HeatEconomy]
    commitments: list[HeatColumn]
    themes: list[Theme]
    cells: dict[int, dict[int, int]]
    bound: dict[int, frozenset[int]]
    summary: figures.Summary = field(default_factory=figures.Summary)

    def cell(self, economy_id: int, commitment_id: int) -> int | None:
        return self.cells.get(economy_id, {}).get(commitment_id)

    def rows(self) -> list[tuple[HeatEconomy, list[tuple[HeatColumn, int | None, bool]]]]:
        return [
            (
                economy,
                [
                    (c, self.cell(economy.pk, c.pk), economy.pk in self.bound.get(c.pk, ()))
                    for c in self.commitments
                ],
            )
            for economy in self.economies
        ]


def _heat_columns(
    ordered: bool, everything: bool, forum_ids: Any, by_theme: bool, theme_ids: Any
) -> QuerySet[Any]:
    """The map's columns; ``ordered``: by text, theme and id, else without the join to the
    themes, for a caller that has the themes' order (on PostgreSQL the join, an index probe
    per commitment, and its sort cost more than the rest of the read)."""
    commitments = _mapped_commitments(everything, forum_ids).filter(
        **({"theme_id__in": theme_ids} if by_theme else {})
    )
    return (
        commitments.order_by(*(("text_id", "theme__order", "pk") if ordered else ()))
        .annotate(title_json=Cast("title", TextField()))
        .values_list(*HeatColumn._fields)
    )


_HEAT_COLUMN_ARGUMENTS = ("everything", "forum_ids", "by_theme", "theme_ids")
_HEAT_COLUMNS: Prepared[tuple[Any, ...]] = Prepared(
    functools.partial(_heat_columns, True), *_HEAT_COLUMN_ARGUMENTS
)
_HEAT_COLUMNS_UNORDERED: Prepared[tuple[Any, ...]] = Prepared(
    functools.partial(_heat_columns, False), *_HEAT_COLUMN_ARGUMENTS
)


def _column_arguments(principal: "Principal", theme_id: int | None) -> dict[str, Any]:
    return {
        "everything": principal.is_secretariat,
        "forum_ids": tuple(sorted(principal.forum_ids)),
        "by_theme": bool(theme_id),
        "theme_ids": (theme_id,) if theme_id else (),
    }


def heat_map_commitments(
    principal: "Principal", theme_id: int | None, themes: Sequence[Theme] | None = None
) -> list[HeatColumn]:
    """The confirmed commitments the reader may see (of one theme), in the heat map's order:
    by text, their theme's order (a commitment without a theme where the database puts a
    null), id. ``themes``: the reader's themes (``themes_to_filter_by``: those of every
    commitment they may see), when the caller has them — the order is then taken from them
    instead of read with the commitments."""
    arguments = _column_arguments(principal, theme_id)
    if themes is not None:
        ordered = _in_map_order(_HEAT_COLUMNS_UNORDERED.rows(**arguments), themes)
        if ordered is not None:
            return ordered
    return named_rows(HeatColumn, _HEAT_COLUMNS.rows(**arguments))


def _in_map_order(rows: list[tuple[Any, ...]], themes: Sequence[Theme]) -> list[HeatColumn] | None:
    """``_HEAT_COLUMNS_UNORDERED``'s rows in ``_HEAT_COLUMNS``' order, each theme's order
    taken from ``themes``; None when a row's theme is not among them (not the reader's
    themes after all: read the rows in order)."""
    # ORDER BY the theme's order puts a commitment without a theme (a null) first or last as
    # the database sorts nulls: last on PostgreSQL, first on SQLite.
    no_theme = math.inf if connection.features.nulls_order_largest else -math.inf
    rank: dict[int | None, float] = {theme.pk: theme.order for theme in themes}
    rank[None] = no_theme
    # Each row's key (text, theme's order, id) built and compared in C, not by a key
    # function per row, and the rows made columns after: 200 on every rendering.
    try:
        ranks = list(map(rank.__getitem__, map(_THEME_ID, rows)))
    except KeyError:
        return None
    keyed = sorted(zip(map(_TEXT_ID, rows), ranks, map(_PK, rows), rows, strict=True))
    return named_rows(HeatColumn, map(_ROW, keyed))


# A column's row's fields (``HeatColumn``'s order) and a keyed row's row (``_in_map_order``).
_PK, _TEXT_ID, _THEME_ID, _ROW = itemgetter(0), itemgetter(1), itemgetter(3), itemgetter(3)


_THEMES: Prepared[Theme] = Prepared(
    lambda theme_ids: Theme.objects.filter(pk__in=theme_ids).order_by("text_id", "order", "pk"),
    "theme_ids",
)
_ECONOMIES: Prepared[tuple[Any, ...]] = Prepared(
    lambda: Economy.objects.order_by("code").values_list(*HeatEconomy._fields)
)


def heat_map(
    principal: "Principal", *, cycle: Cycle | None, stage: str, theme_id: int | None = None
) -> HeatMap:
    """The reader's heat map, in a constant number of queries: the cells come from the
    economies' score sheets (21 rows), not from the scores (4,200)."""
    commitments = heat_map_commitments(principal, theme_id)
    rows: list[SheetRow] = []
    if cycle is not None and commitments:
        rows = sheet_rows_visible_to(principal, stage=stage, cycle_id=cycle.pk)
    return _heat_map_of(commitments, rows, cycle=cycle, stage=stage)


class HeatMapReads(NamedTuple):
    """What the heat map page reads, for one reader, stage and theme (``heat_map_reads``).
    Of the cycles and themes, only what the page shows (``_CYCLE_SHOWN``, ``_THEME_SHOWN``):
    their other fields are deferred."""

    every_cycle: list[Cycle]
    themes_to_filter_by: list[Theme]
    commitments: list[HeatColumn]  # the map's, in its order
    sheet_rows: list[SheetRow]  # of every cycle
    counted: set[int]  # the cycles whose kept counts are the reader's (``_cycles_counted``)
    economies: list[HeatEconomy]


def heat_map_reads(principal: "Principal", *, stage: str, theme_id: int | None) -> HeatMapReads:
    """Everything the heat map page reads, in one round trip to PostgreSQL (``together``):
    the cycles (each marked when scored on a commitment off the map), the reader's themes,
    the map's commitments, the score sheets of every cycle and the economies, in five
    statements. What ``every_cycle``, ``themes_to_filter_by``, ``heat_map_commitments``,
    ``sheet_rows_visible_to`` and ``_cycles_counted`` read one by one, a round trip each."""
    assessor, economy_ids = is_assessor(principal), tuple(sorted(principal.economy_ids))
    themes_read = _PAGE_THEMES.read(
        everything=principal.is_secretariat, forum_ids=tuple(sorted(principal.forum_ids))
    )
    # A map of every theme reads the cycles marked with whether a commitment off the map is
    # scored in them (``_cycles_counted``); of one theme, no cycle's counts are the map's.
    cycles_read = (
        _PAGE_CYCLES.read()
        if theme_id
        else _MARKED_CYCLES.read(
            everything=principal.is_secretariat,
            forum_ids=tuple(sorted(principal.forum_ids)),
            stage=str(stage),
        )
    )
    every_cycle, themes, column_rows, sheet_rows, economy_rows = together(
        cycles_read,
        themes_read,
        _HEAT_COLUMNS_UNORDERED.read(**_column_arguments(principal, theme_id)),
        _SHEETS.read(everything=assessor, economy_ids=economy_ids, stage=str(stage)),
        _ECONOMIES.read(),
    )
    commitments = _in_map_order(column_rows, themes)
    if commitments is None:  # not the reader's themes after all (changed in between)
        commitments = heat_map_commitments(principal, theme_id)
    rows = named_rows(SheetRow, sheet_rows)
    counted: set[int] = set()
    if not theme_id:
        counted = {row.cycle_id for row in rows} - {c.pk for c in every_cycle if c.scored_off_map}
    return HeatMapReads(
        every_cycle=every_cycle,
        themes_to_filter_by=themes,
        commitments=commitments,
        sheet_rows=rows,
        counted=counted,
        economies=named_rows(HeatEconomy, economy_rows),
    )


def _heat_map_of(
    commitments: list[HeatColumn],
    rows: Sequence[SheetRow],
    *,
    cycle: Cycle | None,
    stage: str,
    themes_of_reader: list[Theme] | None = None,
    drawn: Sequence[HeatColumn] | None = None,
    economies: list[HeatEconomy] | None = None,
) -> HeatMap:
    """The heat map of ``commitments`` from their cycle's sheets (``rows``, the reader's:
    ``sheet_rows_visible_to``), cut down to ``commitments``.
    Its themes are taken from ``themes_of_reader`` (the themes of every commitment the
    reader may see, in the same order), when given, instead of being read; its cells and
    bound economies are those of ``drawn`` only, when given (see ``HeatMap``)."""
    theme_ids = {c.theme_id for c in commitments if c.theme_id is not None}
    themes = (
        _THEMES.objects(theme_ids=tuple(sorted(theme_ids)))
        if themes_of_reader is None
        else [theme for theme in themes_of_reader if theme.pk in theme_ids]
    )
    if economies is None:
        economies = named_rows(HeatEconomy, _ECONOMIES.rows())
    columns = commitments if drawn is None else drawn
    # The sheets' scores on the reader's commitments only (``score_matrix``), whatever else
    # they hold: commitments off the map, of texts the reader may not read.
    scores = score_matrix.score_matrix(rows, map(_PK_OF, commitments))
    return HeatMap(
        cycle=cycle,
        stage=stage,
        economies=economies,
        commitments=commitments,
        themes=themes,
        cells=score_matrix.cells(scores, list(map(_PK_OF, columns))),
        bound=responsible_economy_ids(columns, frozenset(e.pk for e in economies)),
        summary=score_matrix.summarise(
            scores, dict(zip(map(_PK_OF, commitments), map(_THEME_OF, commitments), strict=True))
        ),
    )
