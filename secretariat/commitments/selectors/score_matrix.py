"""One cycle's score sheets as a matrix: a row per sheet, a column per commitment on the
reader's map, each cell the score (+1, 0, −1) or ``NO_SCORE``. The heat map's figures and
cells are sums and picks over it (numpy), not counts over 4,200 ids in Python: decoding the
sheets' 63 lists with ``json`` and counting them with ``Counter`` was a fifth of the page's
instructions.

The sheets' lists are their JSON text as ``IdListField`` writes it (``[8,11,14]``); each is
parsed by numpy in C, checked against its number of ids (its commas), and an id that is not
a column (a commitment off the reader's map) is left out, as ``visible_sheets`` leaves it.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import figures
from .visibility import SheetRow

NO_SCORE = 2
# Each score's column of a sheet (``SheetRow``'s field) and its value.
_SCORED = (("full_json", 1), ("partial_json", 0), ("none_json", -1))


@dataclass(frozen=True)
class ScoreMatrix:
    economy_ids: list[int]  # each row's (sheet's) economy
    column_ids: npt.NDArray[np.int64]  # the commitments' ids, ascending
    scores: npt.NDArray[np.int8]  # rows × columns: +1, 0, −1 or NO_SCORE


def score_matrix(rows: Sequence[SheetRow], commitment_ids: Iterable[int]) -> ScoreMatrix:
    """The scores of ``rows`` (one cycle's sheets) on ``commitment_ids`` (the reader's)."""
    ids = np.array(sorted(commitment_ids), dtype=np.int64)
    scores = np.full((len(rows), len(ids)), NO_SCORE, dtype=np.int8)
    matrix = ScoreMatrix([row.economy_id for row in rows], ids, scores)
    if not len(rows) or not len(ids):
        return matrix
    row_numbers = np.arange(len(rows))
    last = len(ids) - 1
    for name, value in _SCORED:
        texts: list[str] = [getattr(row, name) for row in rows]
        # Each list's number of ids: an id per comma and one more, none in "[]".
        lengths = [text.count(",") + 1 if len(text) > 2 else 0 for text in texts]
        found = _ids(",".join([text[1:-1] for text in texts if len(text) > 2]), sum(lengths))
        column = np.searchsorted(ids, found)
        np.minimum(column, last, out=column)
        on_map = ids[column] == found  # the others are commitments off the reader's map
        row = np.repeat(row_numbers, lengths)
        scores[row[on_map], column[on_map]] = value
    return matrix


def _ids(joined: str, expected: int) -> npt.NDArray[np.int64]:
    """The ids of ``joined`` ("8,11,14"), parsed in C; by ``json`` should the text not be
    numbers and commas only (numpy would stop at the first other character)."""
    if not expected:
        return np.zeros(0, dtype=np.int64)
    try:
        found = np.fromstring(joined, dtype=np.int64, sep=",")
    except (ValueError, DeprecationWarning):
        found = None
    if found is None or len(found) != expected:
        found = np.array(json.loads(f"[{joined}]"), dtype=np.int64)
    return found


def summarise(matrix: ScoreMatrix, theme_of: dict[int, int | None]) -> figures.Summary:
    """``figures.summarise_sheets`` over the matrix: figures per economy, commitment (those
    with scores) and theme, and overall."""
    scores = matrix.scores
    full, none, scored = scores == 1, scores == -1, scores != NO_SCORE
    totals: list[int] = (full.sum(0) - none.sum(0)).tolist()
    counts: list[int] = scored.sum(0).tolist()
    by_commitment: dict[int, figures.Figure] = {}
    themes: dict[int, list[int]] = {}
    for commitment_id, total, count in zip(matrix.column_ids.tolist(), totals, counts, strict=True):
        if not count:
            continue
        by_commitment[commitment_id] = figures.Figure(total, count)
        theme_id = theme_of.get(commitment_id)
        if theme_id is not None:
            theme = themes.setdefault(theme_id, [0, 0])
            theme[0] += total
            theme[1] += count
    economies: dict[int, list[int]] = {}
    row_totals: list[int] = (full.sum(1) - none.sum(1)).tolist()
    row_counts: list[int] = scored.sum(1).tolist()
    for economy_id, total, count in zip(matrix.economy_ids, row_totals, row_counts, strict=True):
        if count:
            economy = economies.setdefault(economy_id, [0, 0])
            economy[0] += total
            economy[1] += count
    by_economy = {key: figures.Figure(*pair) for key, pair in economies.items()}
    return figures.Summary(
        overall=figures.Figure(sum(row_totals), sum(row_counts)),
        by_economy=by_economy,
        by_commitment=by_commitment,
        by_theme={key: figures.Figure(*pair) for key, pair in themes.items()},
    )


def cells(matrix: ScoreMatrix, commitment_ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """Per economy with a sheet, its scores on ``commitment_ids`` (columns of the matrix)."""
    result: dict[int, dict[int, int]] = {}
    ids = list(commitment_ids)
    picked: list[list[Any]] = (
        matrix.scores[:, np.searchsorted(matrix.column_ids, ids)].tolist()
        if ids
        else [[] for _ in matrix.economy_ids]
    )
    for economy_id, values in zip(matrix.economy_ids, picked, strict=True):
        pairs: Iterable[tuple[int, int]] = zip(ids, values, strict=True)
        if NO_SCORE in values:  # left out (most rows have none: a check in C)
            pairs = compress(pairs, map(NO_SCORE.__ne__, values))
        result.setdefault(economy_id, {}).update(pairs)
    return result
