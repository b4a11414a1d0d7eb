"""Accessible SVG drawn on the server: the heat map (colour AND a symbol per cell, so it
reads without colour) and progress over cycles. Each has role="img", a <title> and a
<desc>; the pages put the same figures in a table beside them."""

from collections.abc import Sequence
from functools import cache
from html import escape as escape_text  # Django's escape without its lazy-string wrapper
from operator import getitem

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures import Figure
from .models import Cycle
from .selectors import HeatColumn, HeatMap

CELL = 14
# Colour-blind-safe (blue/orange) with a symbol each.
SCORE_STYLE = {1: ("#1f77b4", "+"), 0: ("#bdbdbd", "○"), -1: ("#d95f02", "−")}


def score_symbol(value: int | None) -> str:
    return "·" if value is None else SCORE_STYLE[value][1]


@cache  # the same on every map: no translation, only constants
def _symbol_defs() -> SafeString:
    """One drawn cell per score, reused by reference (a 4,200-cell map stays small)."""
    return format_html_join(
        "",
        '<g id="score{}"><rect width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="10" font-size="10" text-anchor="middle">{}</text></g>',
        (
            (value + 1, CELL - 1, CELL - 1, colour, CELL // 2, symbol)
            for value, (colour, symbol) in SCORE_STYLE.items()
        ),
    )


def heat_map_svg(heat: HeatMap, columns: Sequence[HeatColumn], shown: str = "") -> SafeString:
    """The cells of ``columns`` (a page of the map's commitments, described by ``shown``);
    its description gives the figures over all the map's commitments."""
    left, top = 36, 8
    width = left + CELL * max(len(columns), 1) + 4
    height = top + CELL * max(len(heat.economies), 1) + 4
    row = {economy.pk: top + n * CELL for n, economy in enumerate(heat.economies)}
    # As format_html_join wrote them, escaped here: 21 format_html calls cost more.
    labels = "".join(
        [
            f'<text x="0" y="{row[economy.pk] + 11}" font-size="10">'
            f"{escape_text(economy.code)}</text>"
            for economy in heat.economies
        ]
    )
    # Plain string building for the cells: the values are integers we computed. Each
    # column's reference to each score is written once (none where there is no score); a
    # row is its y joined over the references its scores pick, looked up in C (``map``).
    ids = [commitment.pk for commitment in columns]
    # A dict display per column: a third of what a comprehension over the scores cost.
    full, partial, none = (f'<use href="#score{value + 1}" x="' for value in (1, 0, -1))
    references = [
        {1: full + x, 0: partial + x, -1: none + x, None: ""}
        for x in [f'{left + n * CELL}" y="' for n in range(len(columns))]
    ]
    rows = []
    for economy_id, y in row.items():
        drawn = list(
            filter(None, map(getitem, references, map(heat.cells.get(economy_id, {}).get, ids)))
        )
        if drawn:
            rows.append(f'{y}"/>'.join([*drawn, ""]))
    desc = _("%(n)d scores for %(e)d economies and %(c)d commitments; overall %(avg)s.") % {
        "n": heat.summary.overall.count,
        "e": len(heat.economies),
        "c": len(heat.commitments),
        "avg": describe(heat.summary.overall),
    }
    if shown:
        desc = f"{desc} {shown}."
    # As format_html wrote it, its values escaped here: the rows joined once, with the rest,
    # not into a string of their own first (the cells are most of the page's chart).
    head = (
        f'<svg role="img" aria-labelledby="heat-title heat-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="heat-map"><title id="heat-title">'
        f"{escape_text(_('Heat map of compliance scores'))}</title>"
        f'<desc id="heat-desc">{escape_text(desc)}</desc><defs>{_symbol_defs()}</defs>{labels}'
    )
    return mark_safe("".join([head, *rows, "</svg>"]))  # noqa: S308 - escaped here


def describe(figure: Figure) -> str:
    if figure.mean is None:
        return _("no scores")
    return f"{figure.mean:+.2f} ({figure.percent}%, n={figure.count})"


def progress_svg(points: list[tuple[Cycle, Figure]]) -> SafeString:
    """Written with f-strings, escaped here as ``format_html`` escaped each value: a dozen
    ``format_html`` calls cost more than the chart's figures."""
    width, height, pad = 60 * max(len(points), 1) + 40, 120, 20
    bars = []
    for index, (cycle, figure) in enumerate(points):
        x = pad + index * 60
        bars.append(
            f'<text x="{x}" y="{height - 4}" font-size="10">{escape_text(cycle.name)}</text>'
        )
        if figure.percent is None:
            continue
        bar = int(figure.percent * (height - 2 * pad) / 100)
        bars.append(
            f'<rect x="{x}" y="{height - pad - bar}" width="30" height="{bar}" fill="#1f77b4"/>'
            f'<text x="{x}" y="{height - pad - bar - 2}" font-size="10">'
            f"{escape_text(str(figure.percent))}%</text>"
        )
    desc = "; ".join(f"{cycle.name}: {describe(figure)}" for cycle, figure in points) or _(
        "no cycles"
    )
    return mark_safe(  # noqa: S308 - escaped here
        f'<svg role="img" aria-labelledby="progress-title progress-desc" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}"><title id="progress-title">'
        f"{escape_text(_('Overall compliance per cycle'))}</title>"
        f'<desc id="progress-desc">{escape_text(desc)}</desc>{"".join(bars)}</svg>'
    )
