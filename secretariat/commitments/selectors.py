"""Reads that depend on who asks, and the heat map in a fixed number of queries.

- Commitments: confirmed ones of the texts the reader may read; suggestions and rejected
  ones to the secretariat only.
- Implementation reports: a draft (never submitted) to its own economy's delegates only —
  not even the secretariat, as amendment drafts (ADR 0018: ``submitted_at`` is the fact that
  shares it); submitted ones to members of the body and assessors; to everyone once the
  cycle's final scores are published.
- Scores: final scores of a published cycle to everyone; the others (interim, or final but
  unpublished) to assessors and the scored economy's delegates."""

import functools
import json
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db import connection
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast

from secretariat.core.prepared import Prepared, Read, together
from secretariat.negotiation.selectors import _visible_texts
from secretariat.registry.models import Delegation, Economy

from . import figures
from .choices import CommitmentState, OwnerKind, Stage
from .in_subquery import InSubquery
from .models import Assessor, Commitment, Cycle, ImplementationReport, Score, ScoreSheet, Theme

if TYPE_CHECKING:
    from secretariat.core.i18n import TranslatedValue
    from secretariat.registry.permissions import Principal


def is_assessor(principal: "Principal") -> bool:
    if not principal.is_authenticated:
        return False
    if principal.is_secretariat:
        return True
    cached = getattr(principal.user, "_commitment_assessor", None)
    if cached is None:
        cached = Assessor.objects.filter(user_id=principal.user.pk).exists()
        principal.user._commitment_assessor = cached
    return bool(cached)


def commitments_visible_to(principal: "Principal") -> QuerySet[Commitment]:
    return _visible_commitments(principal.is_secretariat, tuple(sorted(principal.forum_ids)))


def _visible_commitments(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Commitment]:
    """``commitments_visible_to`` by what it depends on: the secretariat's ``everything``,
    or the reader's fora (for a prepared read, whose arguments are values)."""
    if everything:
        # Every text is the secretariat's (``_visible_texts``) and every commitment has its
        # text (a required key): all of them, without a semi-join to the texts (on
        # PostgreSQL an index probe per commitment, in each read of the heat map).
        return Commitment.objects.all()
    commitments = Commitment.objects.filter(
        text__in=_visible_texts(everything, forum_ids).values("pk")
    )
    return commitments.filter(state=CommitmentState.CONFIRMED)


def reports_visible_to(principal: "Principal") -> QuerySet[ImplementationReport]:
    reports = ImplementationReport.objects.filter(
        commitment__in=commitments_visible_to(principal).values("pk")
    )
    own_drafts = Q(submitted_at__isnull=True, economy_id__in=principal.economy_ids)
    if principal.is_member or is_assessor(principal):
        return reports.filter(Q(submitted_at__isnull=False) | own_drafts)
    return reports.filter(
        Q(submitted_at__isnull=False, cycle__final_published_at__isnull=False) | own_drafts
    )


def _scores_shown_to(economy_ids: Iterable[int]) -> Q:
    """Which scores a reader who is not an assessor sees, by the columns a ``Score`` and a
    ``ScoreSheet`` share: published final scores, and their own economies' (``economy_ids``)."""
    return Q(stage=Stage.FINAL, cycle__final_published_at__isnull=False) | Q(
        economy_id__in=economy_ids
    )


def scores_visible_to(principal: "Principal", *, current: bool = True) -> QuerySet[Score]:
    scores = Score.objects.filter(commitment__in=commitments_visible_to(principal).values("pk"))
    if current:
        scores = scores.filter(superseded_at__isnull=True)
    if is_assessor(principal):
        return scores
    return scores.filter(_scores_shown_to(principal.economy_ids))


class VisibleSheet(NamedTuple):
    """A score sheet as a reader sees it: only the commitments they may see (each id once)."""

    cycle_id: int
    economy_id: int
    full: Collection[int]
    partial: Collection[int]
    none: Collection[int]


class SheetRow(NamedTuple):
    """A score sheet as read: its lists as their JSON text (decoded only where needed, by
    ``visible_sheets``) and how many ids each holds."""

    cycle_id: int
    economy_id: int
    full_count: int
    partial_count: int
    none_count: int
    # Last: the ORM selects expressions after the fields.
    full_json: str
    partial_json: str
    none_json: str


def visible_sheets(
    rows: Sequence[SheetRow], commitment_ids: set[int], *, within: bool = False
) -> list[VisibleSheet]:
    """The sheets of ``rows`` cut down to ``commitment_ids`` (the reader's, see
    ``sheets_visible_to``); ``within``: the caller knows the rows hold none but those, so
    their lists are taken as they are. Every list of every row is decoded by one
    ``json.loads`` of a JSON array of them all: decoding the 63 lists of a heat map's cycle
    one call at a time cost more in the calls than in the decoding."""
    if not rows:
        return []
    texts = [text for row in rows for text in (row.full_json, row.partial_json, row.none_json)]
    lists = json.loads(f"[{','.join(texts)}]")
    if not within:
        lists = list(map(commitment_ids.intersection, lists))
    return [
        VisibleSheet(row.cycle_id, row.economy_id, *lists[3 * n : 3 * n + 3])
        for n, row in enumerate(rows)
    ]


def _sheet_rows(everything: bool, economy_ids: tuple[int, ...], **filters: Any) -> QuerySet[Any]:
    sheets = ScoreSheet.objects.filter(**filters)
    if not everything:
        sheets = sheets.filter(_scores_shown_to(economy_ids))
    # The columns as their JSON text, decoded by ``visible_sheets`` itself: the ORM's
    # JSON converter, run for 189 lists on every heat map, cost nearly what decoding did.
    return sheets.order_by().values_list(
        "cycle_id",
        "economy_id",
        "full_count",
        "partial_count",
        "none_count",
        Cast("full", TextField()),
        Cast("partial", TextField()),
        Cast("none", TextField()),
    )


# Read on every rendering of the heat map: their SQL built once per process.
_SHEETS: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, economy_ids, stage: _sheet_rows(everything, economy_ids, stage=stage),
    "everything",
    "economy_ids",
    "stage",
)
_SHEETS_OF_CYCLE: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, economy_ids, stage, cycle_id: _sheet_rows(
        everything, economy_ids, stage=stage, cycle_id=cycle_id
    ),
    "everything",
    "economy_ids",
    "stage",
    "cycle_id",
)


def sheet_rows_visible_to(
    principal: "Principal", *, stage: str, cycle_id: int | None = None
) -> list[SheetRow]:
    """The score sheets the reader may see (``ScoreSheet``: one per economy, cycle and
    stage), of one cycle or all, undecoded. They hold every commitment's scores: cut them
    down with ``visible_sheets`` to the reader's commitments."""
    everything, economy_ids = is_assessor(principal), tuple(sorted(principal.economy_ids))
    rows = (
        _SHEETS.rows(everything=everything, economy_ids=economy_ids, stage=str(stage))
        if cycle_id is None
        else _SHEETS_OF_CYCLE.rows(
            everything=everything, economy_ids=economy_ids, stage=str(stage), cycle_id=cycle_id
        )
    )
    return [SheetRow(*row) for row in rows]


def sheets_visible_to(
    principal: "Principal", commitment_ids: set[int], *, stage: str, cycle_id: int | None = None
) -> Iterator[VisibleSheet]:
    """The reader's current scores as sheets, of one cycle or all, cut down to
    ``commitment_ids`` — which must come from ``commitments_visible_to(principal)``: the
    sheets hold every commitment's scores."""
    yield from visible_sheets(
        sheet_rows_visible_to(principal, stage=stage, cycle_id=cycle_id), commitment_ids
    )


def themes_of(commitments: QuerySet[Commitment]) -> QuerySet[Theme]:
    return Theme.objects.filter(pk__in=commitments.values("theme_id")).order_by(
        "text_id", "order", "pk"
    )


def cycles() -> QuerySet[Cycle]:
    return Cycle.objects.all()


# The heat map's filters, read on every rendering: their SQL built once per process.
_CYCLES: Prepared[Cycle] = Prepared(cycles)
_FILTER_THEMES: Prepared[Theme] = Prepared(
    lambda everything, forum_ids: themes_of(_visible_commitments(everything, forum_ids)),
    "everything",
    "forum_ids",
)


def every_cycle() -> list[Cycle]:
    """``cycles()``, read as a prepared read."""
    return _CYCLES.objects()


def themes_to_filter_by(principal: "Principal") -> list[Theme]:
    """The themes of the commitments the reader may see (the heat map's theme filter)."""
    return _FILTER_THEMES.objects(
        everything=principal.is_secretariat, forum_ids=tuple(sorted(principal.forum_ids))
    )


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


def _mapped_commitments(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Commitment]:
    """The commitments a heat map of every theme shows (by what the reader's rights depend
    on, as ``_visible_commitments``): the confirmed ones the reader may see."""
    return _visible_commitments(everything, forum_ids).filter(state=CommitmentState.CONFIRMED)


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
    return [HeatColumn(*row) for row in _HEAT_COLUMNS.rows(**arguments)]


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
    return list(map(HeatColumn._make, map(_ROW, keyed)))


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
    sheets: list[VisibleSheet] = []
    if cycle is not None and commitments:
        sheets = list(
            sheets_visible_to(
                principal, {c.pk for c in commitments}, cycle_id=cycle.pk, stage=stage
            )
        )
    return _heat_map_of(commitments, sheets, cycle=cycle, stage=stage)


class HeatMapReads(NamedTuple):
    """What the heat map page reads, for one reader, stage and theme (``heat_map_reads``)."""

    every_cycle: list[Cycle]
    themes_to_filter_by: list[Theme]
    commitments: list[HeatColumn]  # the map's, in its order
    sheet_rows: list[SheetRow]  # of every cycle
    counted: set[int]  # the cycles whose kept counts are the reader's (``_cycles_counted``)
    economies: list[HeatEconomy]


def heat_map_reads(principal: "Principal", *, stage: str, theme_id: int | None) -> HeatMapReads:
    """Everything the heat map page reads, in one round trip to PostgreSQL (``together``):
    the cycles, the reader's themes, the map's commitments, the score sheets of every cycle,
    the economies and the cycles scored on commitments off the map. What ``every_cycle``,
    ``themes_to_filter_by``, ``heat_map_commitments``, ``sheet_rows_visible_to`` and
    ``_cycles_counted`` read one by one, a round trip each."""
    assessor, economy_ids = is_assessor(principal), tuple(sorted(principal.economy_ids))
    themes_read = _FILTER_THEMES.read(
        everything=principal.is_secretariat, forum_ids=tuple(sorted(principal.forum_ids))
    )
    cycles, themes, column_rows, sheet_rows, economy_rows, *scoring_off_map = together(
        _CYCLES.read(),
        themes_read,
        _HEAT_COLUMNS_UNORDERED.read(**_column_arguments(principal, theme_id)),
        _SHEETS.read(everything=assessor, economy_ids=economy_ids, stage=str(stage)),
        _ECONOMIES.read(),
        *([] if theme_id else [_scoring_off_map_read(principal, stage)]),
    )
    commitments = _in_map_order(column_rows, themes)
    if commitments is None:  # not the reader's themes after all (changed in between)
        commitments = heat_map_commitments(principal, theme_id)
    rows = [SheetRow(*row) for row in sheet_rows]
    return HeatMapReads(
        every_cycle=cycles,
        themes_to_filter_by=themes,
        commitments=commitments,
        sheet_rows=rows,
        counted=_cycles_counted(principal, stage, theme_id, rows, *scoring_off_map),
        economies=[HeatEconomy(*row) for row in economy_rows],
    )


def heat_map_with_progress(
    principal: "Principal",
    *,
    cycle: Cycle | None,
    stage: str,
    theme_id: int | None,
    every_cycle: list[Cycle],
    themes_to_filter_by: list[Theme] | None = None,
    commitments: list[HeatColumn] | None = None,
    drawn: Sequence[HeatColumn] | None = None,
    reads: "HeatMapReads | None" = None,
) -> tuple[HeatMap, list[tuple[Cycle, figures.Figure]]]:
    """``heat_map`` and ``progress`` (over ``every_cycle``, ``cycles()``) from one read of
    the sheets of every cycle: the heat map's cycle's sheets are decoded once, for both, and
    its figure in the progress is the map's overall figure. When the caller has them
    already: ``themes_to_filter_by``, the reader's (``themes_to_filter_by(principal)``; the
    map's themes are among them, so they are not read again); ``commitments``, the map's
    (``heat_map_commitments(principal, theme_id)``). ``drawn``: the columns a page draws
    (among ``commitments``), the only ones whose cells and bound economies are kept — the
    figures need every score, the page's cells only its own. ``reads``: all it reads, read
    together (``heat_map_reads`` for the same reader, stage and theme), which then stand
    for ``every_cycle``, ``themes_to_filter_by`` and ``commitments``."""
    economies = None
    if reads is not None:
        every_cycle, themes_to_filter_by = reads.every_cycle, reads.themes_to_filter_by
        commitments, rows, counted = reads.commitments, reads.sheet_rows, reads.counted
        economies = reads.economies
    else:
        if commitments is None:
            commitments = heat_map_commitments(principal, theme_id)
        rows = sheet_rows_visible_to(principal, stage=stage)
        counted = _cycles_counted(principal, stage, theme_id, rows)
    ids = {c.pk for c in commitments}
    shown_id = cycle.pk if cycle is not None else None
    # A counted cycle's sheets hold only the map's commitments: nothing to cut them down to.
    shown = visible_sheets(
        [row for row in rows if row.cycle_id == shown_id], ids, within=shown_id in counted
    )
    heat = _heat_map_of(
        commitments,
        shown,
        cycle=cycle,
        stage=stage,
        themes_of_reader=themes_to_filter_by,
        drawn=drawn,
        economies=economies,
    )
    others = [row for row in rows if row.cycle_id != shown_id]
    known = {} if shown_id is None else {shown_id: heat.summary.overall}
    points = _progress_of(others, ids, counted, every_cycle, known)
    return heat, points


def _heat_map_of(
    commitments: list[HeatColumn],
    sheets: list[VisibleSheet],
    *,
    cycle: Cycle | None,
    stage: str,
    themes_of_reader: list[Theme] | None = None,
    drawn: Sequence[HeatColumn] | None = None,
    economies: list[HeatEconomy] | None = None,
) -> HeatMap:
    """The heat map of ``commitments`` from their cycle's ``sheets`` as the reader sees them.
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
        economies = [HeatEconomy(*row) for row in _ECONOMIES.rows()]
    columns = commitments if drawn is None else drawn
    in_columns = {c.pk for c in columns}.intersection
    cells: dict[int, dict[int, int]] = {}
    for sheet in sheets:
        row = cells.setdefault(sheet.economy_id, {})
        row.update(dict.fromkeys(in_columns(sheet.full), 1))
        row.update(dict.fromkeys(in_columns(sheet.partial), 0))
        row.update(dict.fromkeys(in_columns(sheet.none), -1))
    return HeatMap(
        cycle=cycle,
        stage=stage,
        economies=economies,
        commitments=commitments,
        themes=themes,
        cells=cells,
        bound=responsible_economy_ids(columns, frozenset(e.pk for e in economies)),
        summary=figures.summarise_sheets(
            ((s.economy_id, s.full, s.partial, s.none) for s in sheets),
            {c.pk: c.theme_id for c in commitments},
        ),
    )


# The cycles with a current score (of a stage) on a commitment off the reader's map of every
# theme (not confirmed, or of a text they may not read): a few commitments, whose scores the
# sheets hold all the same. One statement, read with the heat map's others: the off-map
# commitments first (PostgreSQL's InitPlan), then their scores by their ids (their index),
# never through the thousands of others (``InSubquery``).
_CYCLES_SCORING_OFF_MAP: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, forum_ids, stage: (
        Score.objects.filter(
            InSubquery(
                F("commitment_id"),
                Commitment.objects.exclude(
                    pk__in=_mapped_commitments(everything, forum_ids).values("pk")
                )
                .order_by()
                .values("pk"),
            ),
            stage=stage,
            superseded_at__isnull=True,
        )
        .order_by()
        .values_list("cycle_id")
        .distinct()
    ),
    "everything",
    "forum_ids",
    "stage",
)


def _scoring_off_map_read(principal: "Principal", stage: str) -> Read[tuple[Any, ...]]:
    return _CYCLES_SCORING_OFF_MAP.read(
        everything=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
        stage=str(stage),
    )


def _cycles_counted(
    principal: "Principal",
    stage: str,
    theme_id: int | None,
    rows: list[SheetRow],
    scoring_off_map: list[tuple[Any, ...]] | None = None,
) -> set[int]:
    """The cycles among ``rows`` whose sheets hold only commitments on the reader's map, so
    that their kept counts are the reader's figures (none when a theme narrows the map):
    those without a current score on a commitment off the map. ``scoring_off_map``: the
    rows of ``_scoring_off_map_read(principal, stage)``, when the caller has them."""
    if theme_id:
        return set()
    if scoring_off_map is None:
        scoring_off_map = _scoring_off_map_read(principal, stage).run()
    return {row.cycle_id for row in rows} - {cycle_id for (cycle_id,) in scoring_off_map}


def _progress_of(
    rows: Iterable[SheetRow],
    commitment_ids: set[int],
    counted: set[int],
    every_cycle: list[Cycle],
    known: dict[int, figures.Figure] | None = None,
) -> list[tuple[Cycle, figures.Figure]]:
    """The overall figure per cycle: a ``known`` one as it is, otherwise summed from the
    sheets' kept counts in the ``counted`` cycles and from their lists cut down to
    ``commitment_ids`` in the others."""
    by_cycle: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = list(rows)
    counts = [
        (row.cycle_id, row.full_count, row.partial_count, row.none_count)
        for row in rows
        if row.cycle_id in counted
    ]
    decoded = visible_sheets([row for row in rows if row.cycle_id not in counted], commitment_ids)
    counts += [(s.cycle_id, len(s.full), len(s.partial), len(s.none)) for s in decoded]
    for cycle_id, full, partial, none in counts:
        figure = by_cycle[cycle_id]
        figure[0] += full - none
        figure[1] += full + partial + none
    points = {key: figures.Figure(*figure) for key, figure in by_cycle.items()} | (known or {})
    return [(cycle, points.get(cycle.pk, figures.NOTHING)) for cycle in every_cycle]


def progress(
    principal: "Principal",
    *,
    stage: str,
    theme_id: int | None = None,
    commitments: list[HeatColumn] | None = None,
    every_cycle: list[Cycle] | None = None,
) -> list[tuple[Cycle, figures.Figure]]:
    """The overall figure per cycle (cycles without visible scores show no average), from
    the score sheets. ``commitments`` and ``every_cycle``: the heat map's and ``cycles()``,
    when the caller has them already (the same reader and theme)."""
    if commitments is None:
        commitments = heat_map_commitments(principal, theme_id)
    rows = sheet_rows_visible_to(principal, stage=stage)
    return _progress_of(
        rows,
        {c.pk for c in commitments},
        _cycles_counted(principal, stage, theme_id, rows),
        list(cycles()) if every_cycle is None else every_cycle,
    )
