"""Figures over cycles: the heat map with the progress chart's points from one read of the
sheets, and the progress alone."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .. import figures
from ..models import Cycle, Theme
from .heat_map import (
    HeatColumn,
    HeatMap,
    HeatMapReads,
    _heat_map_of,
    heat_map_commitments,
)
from .off_map import _cycles_counted
from .visibility import SheetRow, cycles, sheet_rows_visible_to, visible_sheets

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


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
    heat = _heat_map_of(
        commitments,
        [row for row in rows if row.cycle_id == shown_id],
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
