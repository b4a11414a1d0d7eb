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
from itertools import chain, compress
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import figures
from .visibility import SheetRow

NO_SCORE = 2
# Each score's column of a sheet (``SheetRow``'s field) and its value.
_SCORED = (("full_json", 1), ("partial_json", 0), ("none_json", -1))
_VALUES = np.array([value for _name, value in _SCORED], dtype=np.int8)
_LISTS = attrgetter(*(name for name, _value in _SCORED))


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
    # Every list of every sheet parsed at once: each id with its sheet (row) and score.
    texts: list[str] = list(chain.from_iterable(map(_LISTS, rows)))
    # Each list's number of ids: an id per comma and one more, none in "[]".
    lengths = [text.count(",") + 1 if len(text) > 2 else 0 for text in texts]
    found = _ids(",".join([text[1:-1] for text in texts if len(text) > 2]), sum(lengths))
    if not len(found):
        return matrix
    row = np.repeat(np.arange(len(texts)) // len(_SCORED), lengths)
    value = np.repeat(np.tile(_VALUES, len(rows)), lengths)
    column = np.searchsorted(ids, found)
    np.minimum(column, len(ids) - 1, out=column)
    on_map = ids[column] == found  # the others are commitments off the reader's map
    scores[row[on_map], column[on_map]] = value[on_map]
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
    scored = scores != NO_SCORE
    valued = np.where(scored, scores, 0)  # +1, 0, −1, and 0 where there is no score
    counts = scored.sum(0)
    with_scores = counts > 0
    keys: list[int] = matrix.column_ids[with_scores].tolist()
    totals: list[int] = valued.sum(0)[with_scores].tolist()
    kept: list[int] = counts[with_scores].tolist()
    by_commitment = dict(
        zip(keys, map(figures.FIGURE, zip(totals, kept, strict=True)), strict=True)
    )
    themes: dict[int, list[int]] = {}
    for theme_id, total, count in zip(map(theme_of.get, keys), totals, kept, strict=True):
        if theme_id is not None:
            theme = themes.setdefault(theme_id, [0, 0])
            theme[0] += total
            theme[1] += count
    economies: dict[int, list[int]] = {}
    row_totals: list[int] = valued.sum(1).tolist()
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
