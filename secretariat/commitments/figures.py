"""Averages of scores, as the G20 Research Group reports them: the mean of −1/0/+1 scores
and the same as a percentage, (mean + 1) / 2 × 100, each with the number of scores behind
it. An average over nothing is not zero but absent (``Figure.mean is None``).

Pure functions over plain tuples: the page, the API and the CSV all call ``summarise``, so
their figures cannot differ."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple


class ScoreRow(NamedTuple):
    economy_id: int
    commitment_id: int
    theme_id: int | None
    value: int


@dataclass(frozen=True)
class Figure:
    total: int
    count: int

    @property
    def mean(self) -> Decimal | None:
        """Two decimals, halves away from zero."""
        if not self.count:
            return None
        return _round(Fraction(self.total, self.count), "0.01")

    @property
    def percent(self) -> Decimal | None:
        """Whole per cent, from the exact mean (not the rounded one)."""
        if not self.count:
            return None
        return _round((Fraction(self.total, self.count) + 1) / 2 * 100, "1")

    def as_dict(self) -> dict[str, object]:
        return {
            "score": None if self.mean is None else float(self.mean),
            "percent": None if self.percent is None else int(self.percent),
            "count": self.count,
        }


def _round(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


NOTHING = Figure(0, 0)


@dataclass
class Summary:
    overall: Figure = NOTHING
    by_economy: dict[int, Figure] = field(default_factory=dict)
    by_commitment: dict[int, Figure] = field(default_factory=dict)
    by_theme: dict[int, Figure] = field(default_factory=dict)


def summarise(rows: Iterable[ScoreRow]) -> Summary:
    """Figures per economy, commitment and theme, and overall. Only groups with scores
    appear; a commitment without a theme counts everywhere but in a theme."""
    # One pass, no per-row allocation: a heat map sums 4,200 rows on every rendering.
    economies: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    commitments: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    themes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    total = count = 0
    for economy_id, commitment_id, theme_id, value in rows:
        for groups, key in ((economies, economy_id), (commitments, commitment_id)):
            if key is not None:
                group = groups[key]
                group[0] += value
                group[1] += 1
        if theme_id is not None:
            group = themes[theme_id]
            group[0] += value
            group[1] += 1
        total += value
        count += 1

    def figures(groups: dict[int, list[int]]) -> dict[int, Figure]:
        return {key: Figure(total, count) for key, (total, count) in groups.items()}

    return Summary(
        overall=Figure(total, count),
        by_economy=figures(economies),
        by_commitment=figures(commitments),
        by_theme=figures(themes),
    )
