"""Averages of scores, as the G20 Research Group reports them: the mean of −1/0/+1 scores
and the same as a percentage, (mean + 1) / 2 × 100, each with the number of scores behind
it. An average over nothing is not zero but absent (``Figure.mean is None``).

Pure functions over plain tuples: the page, the API and the CSV all take their figures from
``selectors.heat_map``, which calls ``summarise_sheets``, so their figures cannot differ;
``summarise`` (over single scores) goes through it too."""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial
from itertools import chain, repeat
from operator import add, sub
from typing import NamedTuple


class ScoreRow(NamedTuple):
    economy_id: int
    commitment_id: int
    theme_id: int | None
    value: int


class _Counted(NamedTuple):
    total: int
    count: int  # type: ignore[assignment]  # the scores behind it (shadows tuple.count)


class Figure(_Counted):
    """A group's scores: their sum and how many. A named tuple (a subclass without
    ``__slots__``, so that it keeps its mean and percent once computed): a page makes 200 or
    more, and ``FIGURE`` makes each in C from its pair (a frozen dataclass's ``__init__``
    was a third of counting them)."""

    # Each kept once computed: a page reads a figure's mean and percent several times (its
    # table cell, its chart, its description), and the decimal arithmetic is most of a figure.
    @cached_property
    def mean(self) -> Decimal | None:
        """Two decimals, halves away from zero."""
        if not self.count:
            return None
        return _round(self.total, self.count, "0.01")

    @cached_property
    def percent(self) -> Decimal | None:
        """Whole per cent, from the exact mean (not the rounded one): (total/count + 1) / 2
        × 100 is exactly (total + count) × 50 / count."""
        if not self.count:
            return None
        return _round((self.total + self.count) * 50, self.count, "1")

    def as_dict(self) -> dict[str, object]:
        return {
            "score": None if self.mean is None else float(self.mean),
            "percent": None if self.percent is None else int(self.percent),
            "count": self.count,
        }


def _round(numerator: int, denominator: int, places: str) -> Decimal:
    """numerator / denominator to ``places``, halves away from zero. Integers, not
    ``Fraction``: the quotient is the same exact number, without the fraction's arithmetic."""
    exact = Decimal(numerator) / Decimal(denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


NOTHING = Figure(0, 0)
# A figure from its (total, count) pair, made in C (``Figure(total, count)`` is a Python call).
FIGURE = partial(tuple.__new__, Figure)


@dataclass
class Summary:
    overall: Figure = NOTHING
    by_economy: dict[int, Figure] = field(default_factory=dict)
    by_commitment: dict[int, Figure] = field(default_factory=dict)
    by_theme: dict[int, Figure] = field(default_factory=dict)


class Sheet(NamedTuple):
    """One economy's scores: the ids of the commitments it scored +1, 0 and −1."""

    economy_id: int
    full: Collection[int]
    partial: Collection[int]
    none: Collection[int]


def summarise(rows: Iterable[ScoreRow]) -> Summary:
    """Figures per economy, commitment and theme, and overall. Only groups with scores
    appear; a commitment without a theme counts everywhere but in a theme."""
    sheets: dict[int, tuple[list[int], list[int], list[int]]] = {}
    theme_of: dict[int, int | None] = {}
    for economy_id, commitment_id, theme_id, value in rows:
        sheet = sheets.setdefault(economy_id, ([], [], []))
        sheet[1 - value].append(commitment_id)  # +1, 0, −1 → full, partial, none
        theme_of[commitment_id] = theme_id
    return summarise_sheets(
        (Sheet(economy_id, *columns) for economy_id, columns in sheets.items()), theme_of
    )


def summarise_sheets(
    sheets: Iterable[tuple[int, Collection[int], Collection[int], Collection[int]]],
    theme_of: dict[int, int | None],
) -> Summary:
    """``summarise`` over score sheets (each economy's commitment ids by value, one sheet
    per economy at most). The heat map's 4,200 scores are counted per commitment by
    ``Counter`` (C code) over each value's ids of every sheet at once, not one by one: every
    figure is a count of +1s, 0s and −1s."""
    by_economy: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    scored: tuple[list[Collection[int]], ...] = ([], [], [])  # +1, 0, −1
    for economy_id, scored_full, scored_partial, scored_none in sheets:
        count = len(scored_full) + len(scored_partial) + len(scored_none)
        if count:
            figure = by_economy[economy_id]
            figure[0] += len(scored_full) - len(scored_none)
            figure[1] += count
            scored[0].append(scored_full)
            scored[1].append(scored_partial)
            scored[2].append(scored_none)
    counted = [Counter(chain.from_iterable(ids)) for ids in scored]  # +1s, 0s, −1s
    # Each commitment's sum and count, a list each, by ``map`` (C) over the commitments;
    # .get, not []: a Counter's missing key goes through its __missing__, in Python.
    ids = list(counted[0].keys() | counted[1].keys() | counted[2].keys())
    plus, zero, minus = (list(map(kept.get, ids, repeat(0))) for kept in counted)
    totals = list(map(sub, plus, minus))
    counts = list(map(add, map(add, plus, zero), minus))
    by_commitment = dict(zip(ids, map(FIGURE, zip(totals, counts, strict=True)), strict=True))
    themes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for theme_id, total, count in zip(map(theme_of.get, ids), totals, counts, strict=True):
        if theme_id is not None:
            theme = themes[theme_id]
            theme[0] += total
            theme[1] += count

    def figures(groups: dict[int, list[int]]) -> dict[int, Figure]:
        return {key: Figure(total, count) for key, (total, count) in groups.items()}

    economies = figures(by_economy)
    return Summary(
        overall=Figure(
            sum(f.total for f in economies.values()), sum(f.count for f in economies.values())
        ),
        by_economy=economies,
        by_commitment=by_commitment,
        by_theme=figures(themes),
    )
