"""Reads that depend on who asks (``visibility``), and the heat map (``heat_map``) with its
progress over cycles (``progress``) in a fixed number of queries. Callers use this package's
names; tests replace them here (``heat_map_reads``), where the views look them up."""

from .heat_map import (
    _ECONOMIES,
    HeatColumn,
    HeatEconomy,
    HeatMap,
    HeatMapReads,
    heat_map,
    heat_map_commitments,
    heat_map_reads,
    responsible_economy_ids,
)
from .off_map import _cycles_counted
from .progress import heat_map_with_progress, progress
from .visibility import (
    SheetRow,
    VisibleSheet,
    _visible_commitments,
    commitments_visible_to,
    cycles,
    every_cycle,
    is_assessor,
    reports_visible_to,
    scores_visible_to,
    sheet_rows_visible_to,
    sheets_visible_to,
    themes_of,
    themes_to_filter_by,
    visible_sheets,
)

__all__ = [
    "_ECONOMIES",
    "HeatColumn",
    "HeatEconomy",
    "HeatMap",
    "HeatMapReads",
    "SheetRow",
    "VisibleSheet",
    "_cycles_counted",
    "_visible_commitments",
    "commitments_visible_to",
    "cycles",
    "every_cycle",
    "heat_map",
    "heat_map_commitments",
    "heat_map_reads",
    "heat_map_with_progress",
    "is_assessor",
    "progress",
    "reports_visible_to",
    "responsible_economy_ids",
    "scores_visible_to",
    "sheet_rows_visible_to",
    "sheets_visible_to",
    "themes_of",
    "themes_to_filter_by",
    "visible_sheets",
]
