"""The heat map page's large parts written in Python, escaped as the template language
escapes them: 21 economies × 200 commitments through template loops and a per-row include
cost most of the page (as ``meetings/page.py`` does for its document rows)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from secretariat.core.templatetags.secretariat import translated_plain

from .figures import Figure
from .models import Commitment
from .selectors import HeatMap
from .svg import SCORE_STYLE, score_symbol


def figure_html(figure: Figure | None) -> str:
    """As ``commitments/_figure.html`` renders (its closing newline included)."""
    if not figure or not figure.count:
        return escape(gettext("no scores")) + "\n"
    sign = "+" if figure.mean is not None and figure.mean > 0 else ""
    mean, percent = escape(localize(figure.mean)), escape(localize(figure.percent))
    return f"{sign}{mean} ({percent}%, n={escape(localize(figure.count))})\n"


def _figure_writer() -> Callable[[Figure | None], str]:
    """``figure_html`` writing each distinct figure once: localising its decimals is the
    costly part, and a heat map's averages take few distinct values."""
    written: dict[Figure | None, str] = {}

    def write(figure: Figure | None) -> str:
        if figure not in written:
            written[figure] = figure_html(figure)
        return written[figure]

    return write


_ID_SENTINEL = 987654321


def heat_head(commitments: list[Commitment]) -> SafeString:
    """The column headings: each commitment's paragraph, linked, its title on hover (plain:
    a fallback's <span lang> cannot go in an attribute). The link is reversed once, around a
    sentinel id, not once per column."""
    head, tail = (
        escape(part)
        for part in reverse("commitments:detail", args=[_ID_SENTINEL]).split(str(_ID_SENTINEL))
    )
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            f'<th scope="col"><a href="{head}{c.pk}{tail}" '
            f'title="{escape(translated_plain(c.title))}">{escape(c.eid)}</a></th>'
            for c in commitments
        )
    )


def heat_rows(heat: HeatMap) -> SafeString:
    """One row per economy: a cell per commitment (its symbol where the economy is bound),
    then the economy's average."""
    ids = [
        (c.pk, escape(localize(c.pk)), heat.bound.get(c.pk, frozenset())) for c in heat.commitments
    ]
    values = {value: escape(localize(value)) for value in SCORE_STYLE}
    symbols = {value: escape(score_symbol(value)) for value in (*SCORE_STYLE, None)}
    by_economy, write = heat.summary.by_economy, _figure_writer()
    rows = []
    for economy in heat.economies:
        code, economy_id = escape(economy.code), economy.pk
        cells = []
        for commitment_id, shown_id, bound in ids:
            value = heat.cells.get((economy_id, commitment_id))
            score = "" if value is None else values[value]
            symbol = symbols[value] if economy_id in bound else ""
            cells.append(f'<td id="s-{code}-{shown_id}" data-score="{score}">{symbol}</td>')
        rows.append(
            f'\n  <tr><th scope="row">{code}</th>{"".join(cells)}'
            f"<td>{write(by_economy.get(economy_id))}</td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - escaped here


def commitment_rows(heat: HeatMap) -> SafeString:
    """The averages per commitment table's rows."""
    by_commitment, write = heat.summary.by_commitment, _figure_writer()
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            f'<tr><th scope="row">{escape(c.eid)}</th>'
            f"<td>{write(by_commitment.get(c.pk))}</td></tr>"
            for c in heat.commitments
        )
    )
