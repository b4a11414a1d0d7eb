"""The heat map page's large parts written in Python, escaped as the template language
escapes them: 21 economies × 200 commitments through template loops and a per-row include
cost most of the page (as ``meetings/page.py`` does for its document rows)."""

import json
from collections.abc import Callable
from decimal import Decimal
from html import escape as escape_text  # Django's escape without its lazy-string wrapper
from operator import getitem
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from secretariat.core.i18n import normalise_language, resolve
from secretariat.core.page_links import pagination_html
from secretariat.core.templatetags.secretariat import translated_text
from secretariat.core.url_writer import fixed_url, url_parts

from .figures import Figure
from .models import Cycle, Theme
from .selectors import HeatColumn, HeatMap
from .svg import SCORE_STYLE, score_symbol

# Writes a figure's numbers in the active language (``figure_numbers``).
NumberWriter = Callable[[Decimal | int], str]


def figure_numbers() -> NumberWriter:
    """``localize`` for a figure's numbers (its mean and percent, ``Decimal``; its count,
    ``int``) in the active language, its format looked up once. While numbers are not
    grouped (``USE_THOUSAND_SEPARATOR`` off), Django writes an ``int`` as ``str`` does and a
    ``Decimal`` of a few digits as its ``{:f}`` digits with the language's decimal separator:
    written here so, 0.2 µs a number instead of Django's 4 µs (three per figure, dozens of
    figures per heat map); grouped, Django's own."""
    if settings.USE_THOUSAND_SEPARATOR:
        return localize
    separator = get_format("DECIMAL_SEPARATOR", get_language())

    def write(number: Decimal | int) -> str:
        return f"{number:f}".replace(".", separator) if type(number) is Decimal else str(number)

    return write


def figure_html(figure: Figure | None, number: NumberWriter | None = None) -> str:
    """As ``commitments/_figure.html`` renders (its closing newline included); ``number``,
    ``figure_numbers()`` when the caller has it."""
    # A figure with a count has a mean and a percent (the last two tests are for the types).
    if not figure or not figure.count or figure.mean is None or figure.percent is None:
        return escape_text(gettext("no scores")) + "\n"
    mean, percent = figure.mean, figure.percent
    write = number or figure_numbers()
    sign = "+" if mean > 0 else ""
    numbers = (escape_text(write(n)) for n in (mean, percent, figure.count))
    return "{}{} ({}%, n={})\n".format(sign, *numbers)


def overall_html(figure: Figure) -> SafeString:
    """The overall figure as ``{% include "commitments/_figure.html" %}`` wrote it."""
    return mark_safe(figure_html(figure))  # noqa: S308 - escaped by figure_html


def _figure_writer() -> Callable[[Figure | None], str]:
    """``figure_html`` writing each distinct figure once: a heat map's averages take few
    distinct values. Kept by the figure's numbers as a plain tuple (hashed and compared in
    C; a ``Figure``'s own hash and equality are Python calls, two per look-up)."""
    written: dict[tuple[int, int] | None, str] = {}
    number = figure_numbers()

    def write(figure: Figure | None) -> str:
        key = None if figure is None else (figure.total, figure.count)
        text = written.get(key)
        if text is None:
            text = written[key] = figure_html(figure, number)
        return text

    return write


# Commitments per page of the heat map's columns: a map 200 columns wide cannot be read,
# and each page is drawn twice (the SVG and the table beside it).
COLUMNS_PER_PAGE = 50


def columns_page(commitments: list[HeatColumn], number: str | None) -> Page:
    """The page ``number`` of the heat map's columns, in the map's order (the first page
    when ``number`` is not a page number, the last when it is past the end)."""
    return Paginator(commitments, COLUMNS_PER_PAGE).get_page(number)


def columns_shown(columns: Page) -> str:
    """Which commitments a page of columns draws, as "Commitments 1–50 of 200"."""
    if not columns.paginator.count:
        return ""
    return gettext("Commitments %(first)d–%(last)d of %(total)d") % {
        "first": columns.start_index(),
        "last": columns.end_index(),
        "total": columns.paginator.count,
    }


def pages_html(columns: Page, query: str) -> SafeString:
    """The pages' links, as ``{% include "registry/_pagination.html" %}`` wrote them (the
    include cost more than any table of the page but the cells): the project list's writer
    of them (``core.page_links.pagination_html``), with its words translated here."""
    texts: dict[str, str] = {
        text: escape_text(gettext(text)) for text in ("Pages", "Previous", "Next")
    }
    texts["Page %(number)s of %(total)s"] = gettext("Page %(number)s of %(total)s")
    return mark_safe(pagination_html(columns, query, texts))  # noqa: S308 - escaped there


def heat_head(commitments: list[HeatColumn]) -> SafeString:
    """The column headings: each commitment's paragraph, linked, its title on hover (plain:
    a fallback's <span lang> cannot go in an attribute). The link's route is reversed once
    per process (``core.url_writer``), not once per column, and the titles are decoded by
    one ``json.loads`` of them all (as ``HeatColumn.title`` decodes one)."""
    head, tail = (escape_text(part) for part in url_parts("commitments:detail"))
    titles = json.loads(f"[{','.join([c.title_json for c in commitments])}]")
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            [
                f'<th scope="col"><a href="{head}{c.pk}{tail}" '
                f'title="{escape_text(title)}">{escape_text(c.eid)}</a></th>'
                for c, title in zip(commitments, _resolved_texts(titles), strict=True)
            ]
        )
    )


def _resolved_texts(values: list[Any]) -> list[str]:
    """``resolve(value).text`` of each value, in the active language: the language looked up
    once and a value with a text in it taken directly (``resolve``'s own first step; the
    others go through ``resolve``)."""
    language = get_language()
    requested = normalise_language(language)
    texts = []
    for value in values:
        entry = value.get(requested) if value else None
        text = entry.get("text") if entry else None
        texts.append(text if text else resolve(value, language).text)
    return texts


def heat_rows(heat: HeatMap, columns: list[HeatColumn]) -> SafeString:
    """One row per economy: a cell per commitment of ``columns`` (the page's; its symbol
    where the economy is bound), then the economy's average over all the map's commitments.

    Every cell but its economy's code is known before the rows are written: each column
    holds the cell's text after the code for each score (``tails``, one set for economies
    it binds, one for the others), and a row is the code's prefix joined over its columns'
    tails, each looked up by the row's score in C (``map``): 1,050 cells a page."""
    values = (*SCORE_STYLE, None)
    scores = {value: escape_text(localize(value)) for value in SCORE_STYLE} | {None: ""}
    # What follows a cell's id for each score: with its symbol where the economy is bound.
    if_bound = {v: f'{scores[v]}">{escape_text(score_symbol(v))}</td>' for v in values}
    ids = [c.pk for c in columns]
    shown_ids = [f'-{pk}" data-score="' for pk in ids]  # an id, never grouped into thousands
    bound_tails = score_tails(shown_ids, if_bound)
    bound = [heat.bound.get(pk, frozenset()) for pk in ids]
    # The economies every column binds (most often all of them): their rows take
    # ``bound_tails`` whole; the others choose per column (``free_tails``, made for them).
    everywhere = frozenset.intersection(*bound) if bound else frozenset()
    free_tails: list[dict[int | None, str]] = []
    if any(economy.pk not in everywhere for economy in heat.economies):
        free_tails = score_tails(shown_ids, {v: f'{scores[v]}"></td>' for v in values})
    by_economy, write = heat.summary.by_economy, _figure_writer()
    rows: list[str] = []
    for economy in heat.economies:
        code, economy_id = escape_text(economy.code), economy.pk
        row_tails = (
            bound_tails
            if economy_id in everywhere
            else [
                tails_if_bound if economy_id in binds else tails_if_free
                for binds, tails_if_bound, tails_if_free in zip(
                    bound, bound_tails, free_tails, strict=True
                )
            ]
        )
        scored = map(heat.cells.get(economy_id, {}).get, ids)
        # The row's parts joined once, with every row's: not into a string of their own.
        rows += (
            f'\n  <tr><th scope="row">{code}</th>',
            ('<td id="s-' + code).join(["", *map(getitem, row_tails, scored)]),
            f"<td>{write(by_economy.get(economy_id))}</td></tr>\n  ",
        )
    return mark_safe("".join(rows))  # noqa: S308 - escaped here


def score_tails(heads: list[str], endings: dict[int | None, str]) -> list[dict[int | None, str]]:
    """Per column, a text for each score (+1, 0, −1, none): the column's ``heads`` item and
    the score's ending. Written as a dict display, four concatenations: a third of what
    ``dict(zip(...))`` over the scores cost, 50 or 100 times a page."""
    full, partial, none, unscored = (endings[value] for value in (1, 0, -1, None))
    return [{1: h + full, 0: h + partial, -1: h + none, None: h + unscored} for h in heads]


def commitment_rows(heat: HeatMap, columns: list[HeatColumn]) -> SafeString:
    """The averages per commitment table's rows, for ``columns`` (the page's)."""
    by_commitment, write = heat.summary.by_commitment, _figure_writer()
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            [
                f'<tr><th scope="row">{escape_text(c.eid)}</th>'
                f"<td>{write(by_commitment.get(c.pk))}</td></tr>"
                for c in columns
            ]
        )
    )


def theme_rows(by_theme: list[tuple[Theme, Figure | None]]) -> SafeString:
    """The averages per theme table's rows, as ``{{ t.name|tr }}`` and the figure's include
    write them (a template loop with an include per row cost more than the rows' figures)."""
    write = _figure_writer()
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            [
                f'<tr><th scope="row">{conditional_escape(translated_text(theme.name))}</th>'
                f"<td>{write(figure)}</td></tr>"
                for theme, figure in by_theme
            ]
        )
    )


def progress_rows(points: list[tuple[Cycle, Figure]]) -> SafeString:
    """The overall compliance per cycle table's rows, as the template wrote them."""
    write = _figure_writer()
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            [
                f'<tr><th scope="row">{escape_text(cycle.name)}</th><td>{write(figure)}</td></tr>'
                for cycle, figure in points
            ]
        )
    )


def filter_form(
    cycles: list[Cycle],
    heat: HeatMap,
    themes: list[Theme],
    theme_id: int | None,
    query: str,
) -> SafeString:
    """The filters' form (cycle, stage, theme, the CSV link), as the template wrote it: its
    loops over the cycles and themes, a dozen translations and a URL cost a third of a
    millisecond through the template language."""
    shown_cycle_id = heat.cycle.pk if heat.cycle else None
    cycle_options = "".join(
        [
            f'<option value="{c.pk}"{" selected" if c.pk == shown_cycle_id else ""}>'
            f"{escape_text(c.name)}</option>"
            for c in cycles
        ]
    )
    theme_options = "".join(
        [
            f'<option value="{t.pk}"{" selected" if t.pk == theme_id else ""}>'
            f"{conditional_escape(translated_text(t.name))}</option>"
            for t in themes
        ]
    )
    final, interim = (" selected" if heat.stage == stage else "" for stage in ("final", "interim"))
    csv_url = escape_text(fixed_url("commitments:heat_map_csv"))
    return mark_safe(  # noqa: S308 - escaped here
        '<form method="get" class="filters">\n'
        f'  <label for="f-cycle">{escape_text(gettext("Cycle"))}</label>\n'
        f'  <select id="f-cycle" name="cycle">{cycle_options}</select>\n'
        f'  <label for="f-stage">{escape_text(gettext("Stage"))}</label>\n'
        f'  <select id="f-stage" name="stage"><option value="final"{final}>'
        f'{escape_text(gettext("final"))}</option><option value="interim"{interim}>'
        f"{escape_text(gettext('interim'))}</option></select>\n"
        f'  <label for="f-theme">{escape_text(gettext("Theme"))}</label>\n'
        f'  <select id="f-theme" name="theme"><option value="">'
        f"{escape_text(gettext('All themes'))}</option>{theme_options}</select>\n"
        f'  <button type="submit">{escape_text(gettext("Show"))}</button>\n'
        f'  <a href="{csv_url}?{escape_text(query)}">'
        f"{escape_text(gettext('Every figure as CSV'))}</a>\n"
        "</form>"
    )


def publish_forms(cycles: list[Cycle], csrf_token: str) -> str:
    """The secretariat's forms publishing each unpublished cycle's final scores, as the
    heat map's template wrote them (its loop, ``{% url %}``, ``{% csrf_token %}`` and
    ``{% blocktranslate %}`` cost a seventh of a millisecond): each on a line of its own."""
    head, tail = (escape_text(part) for part in url_parts("commitments:publish"))
    token = "" if not csrf_token else _csrf_input(csrf_token)
    label = gettext("Publish the final scores of cycle %(name)s")
    return "".join(
        [
            f'\n<form method="post" action="{head}{c.pk}{tail}">{token}<button type="submit">'
            f"{label % {'name': escape_text(c.name)}}</button></form>\n"
            for c in cycles
            if not c.final_published_at
        ]
    )


def _csrf_input(token: str) -> str:
    """What ``{% csrf_token %}`` writes for a token."""
    if token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


def heat_map_title() -> SafeString:
    """The page's title, as ``{% translate %}`` leaves a literal message: unescaped."""
    return mark_safe(gettext("Compliance heat map"))  # noqa: S308 - a literal's translation


def heat_map_top(
    heat: HeatMap, *, filter_form: SafeString, overall_html: SafeString, shown: str
) -> SafeString:
    """The page's content above the pages' links, as the template ``heat_map.html`` wrote
    it until its pagination: its translations unescaped, as ``{% translate %}`` leaves a
    literal (safe) message's; ``shown`` escaped."""
    restricted = heat.cycle is not None and not heat.cycle.final_published_at
    return mark_safe(  # noqa: S308 - escaped here
        f"\n<h1>{gettext('Compliance heat map')}</h1>\n"
        f"{filter_form}\n<p>"
        + gettext(
            "Key: + full compliance (+1), ○ partial (0), − no compliance (−1), · no score, "
            "blank: not bound."
        )
        + "\n"
        + (f"<strong>{gettext('Not published: restricted.')}</strong>" if restricted else "")
        + f'</p>\n<p>{gettext("Overall")}: <span id="overall">{overall_html}</span></p>\n'
        + (f'<p id="heat-shown">{escape_text(shown)}</p>' if shown else "")
        + "\n"
    )


def heat_map_tables(columns: Page, **parts: Any) -> SafeString:
    """``heat_map_tables_parts`` joined."""
    return mark_safe("".join(heat_map_tables_parts(columns, **parts)))  # noqa: S308 - escaped


def heat_map_tables_parts(
    columns: Page,
    *,
    shown: str,
    heat_svg: SafeString,
    heat_head: SafeString,
    heat_rows: SafeString,
    commitment_rows: SafeString,
    theme_rows: SafeString,
    progress_svg: SafeString,
    progress_rows: SafeString,
) -> list[str]:
    """The page's content after the pages' links (what ``heat_map.html`` wrote from its
    pagination to the secretariat's publishing forms): the charts and their tables, as the
    template wrote them — the tables' captions and headings went through ~20 template
    translations. In
    parts, for the caller to join once with the rest of the page: the chart and the rows
    are most of the page, each copy of them a tenth of a millisecond."""
    average = gettext("Average")
    paged = columns.paginator.num_pages > 1
    shown_text = escape_text(shown)
    every_page = (
        f" — {shown_text}. "
        + gettext(
            "The averages per economy, per theme and overall cover all %(total)s commitments "
            "matching the filters, on every page."
        )
        % {"total": escape_text(str(localize(columns.paginator.count)))}
        if paged
        else ""
    )
    return [
        '\n<div class="chart-with-table">\n',
        heat_svg,
        '\n<table id="heat-table">\n'
        f"  <caption>{gettext('Scores by economy and commitment')}{every_page}</caption>\n"
        f'  <thead><tr><th scope="col">{gettext("Economy")}</th>{heat_head}'
        f'<th scope="col">{average}</th></tr></thead>\n'
        "  <tbody>\n  ",
        heat_rows,
        "\n  </tbody>\n</table>\n</div>\n"
        f"<h2>{gettext('Averages per commitment')}</h2>\n"
        f"<table><caption>{gettext('Averages per commitment')}"
        f"{f' — {shown_text}' if paged else ''}</caption>\n"
        f'<thead><tr><th scope="col">{gettext("Commitment")}</th>'
        f'<th scope="col">{average}</th></tr></thead>\n'
        f"<tbody>{commitment_rows}</tbody></table>\n"
        f"<h2>{gettext('Averages per theme')}</h2>\n"
        f"<table><caption>{gettext('Averages per theme')}</caption>\n"
        f'<thead><tr><th scope="col">{gettext("Theme")}</th>'
        f'<th scope="col">{average}</th></tr></thead>\n'
        f"<tbody>{theme_rows}</tbody></table>\n"
        f"<h2>{gettext('Progress over cycles')}</h2>\n"
        f'<div class="chart-with-table">\n{progress_svg}\n'
        f"<table><caption>{gettext('Overall compliance per cycle')}</caption>\n"
        f'<thead><tr><th scope="col">{gettext("Cycle")}</th>'
        f'<th scope="col">{average}</th></tr></thead>\n'
        f"<tbody>{progress_rows}</tbody></table>\n</div>\n",
    ]
