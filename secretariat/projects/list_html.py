"""The project list's rows written in Python from plain values (``selectors.list_rows``):
a page of fifty rows through the template language, with model instances, prefetched
relations and a ``{% url %}`` per row, cost most of the list's cold rendering. The output is
what the template loop it replaced wrote (``tests/test_list_pages.py``)."""

import html
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from secretariat.core.i18n import resolve
from secretariat.core.page_links import pagination_html
from secretariat.core.url_writer import fixed_url, url_writer
from secretariat.meetings.content import translator

from .selectors import ListRow


def list_rows_html(rows: Iterable[ListRow]) -> SafeString:
    """The table body's rows, each value escaped as the template language escapes it."""
    rows = list(rows)
    if not rows:
        empty = escape(gettext("No projects match."))
        return mark_safe(f'<tr><td colspan="7">{empty}</td></tr>')  # noqa: S308 - escaped
    project_url = url_writer("projects:detail")
    translated = translator()
    language = get_language()
    # A few kinds and states name every row, each one object (``selectors.list_rows``).
    plain: dict[int, str] = {}

    def named(value: object) -> str:
        found = plain.get(id(value))
        if found is None:
            found = plain[id(value)] = html.escape(resolve(value, language).text)  # type: ignore[arg-type]
        return found

    # The same few economies' codes and fora's abbreviations name every row: each escaped
    # once per rendering, as each overdue badge is written once per count.
    codes: dict[str, str] = {}

    def code(text: str) -> str:
        found = codes.get(text)
        if found is None:
            found = codes[text] = html.escape(text)
        return found

    badges: dict[int, str] = {}

    def overdue_badge(count: int) -> str:
        found = badges.get(count)
        if found is None:
            label = ngettext("%(counter)s overdue", "%(counter)s overdue", count) % {
                "counter": count
            }
            found = badges[count] = f' <span class="badge overdue">{html.escape(label)}</span>'
        return found

    escaped = html.escape
    written = []
    for row in rows:
        body = ""
        if row.target_body:
            stage = f" · {escaped(row.stage)}" if row.stage else ""
            body = (
                f'<br><span class="meta">{escaped(row.target_body)} '
                f"{escaped(row.body_reference)}{stage}</span>"
            )
        cosponsors = ", ".join([code(economy) for economy in row.cosponsors]) or "—"
        fora = "".join([f", {code(a)}" for a in row.co_owning_fora])
        progress = row.progress
        overdue = overdue_badge(progress.overdue) if progress.overdue else ""
        written.append(
            f'\n    <tr>\n      <td><a href="{project_url(row.pk)}">{translated(row.title)}</a>'
            f"{body}</td>\n"
            f"      <td>{named(row.kind_name)}</td>\n"
            f"      <td>{named(row.state_name)}</td>\n"
            f"      <td>{code(row.proposing_economy)}</td>\n"
            f"      <td>{cosponsors}</td>\n"
            f"      <td>{code(row.responsible_forum)}{fora}</td>\n"
            f"      <td>{progress.per_cent}%{overdue}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def options_html(choices: Iterable[tuple[str, object]], selected: str) -> SafeString:
    """A filter's ``<option>``s after "All": ``choices`` are (value, label) with the label
    a translated value or a plain string."""
    language = get_language()
    requested = resolve(None, language).requested  # the language's code, normalised once
    escaped = html.escape
    written = []
    for value, label in choices:
        if isinstance(label, str):
            text = label
        else:  # most often the requested language's text; else the fallback rule
            entry = label.get(requested) if label else None  # type: ignore[attr-defined]
            text = (entry and entry.get("text")) or resolve(label, language).text  # type: ignore[arg-type]
        mark = " selected" if value == selected else ""
        written.append(f'<option value="{escaped(value)}"{mark}>{escaped(text)}</option>')
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def forum_items_html(
    rows: Iterable[tuple[int, object, object, object, int]], forum_id: int
) -> SafeString:
    """The forum page's items: (pk, title, kind name, state name, responsible forum id)
    each, the ones the forum co-owns marked."""
    project_url = url_writer("projects:detail")
    translated = translator()
    language = get_language()
    co_owned = escape(gettext("co-owned"))
    written = []
    for pk, title, kind, state, responsible_forum_id in rows:
        kind_text = html.escape(resolve(kind, language).text)  # type: ignore[arg-type]
        state_text = html.escape(resolve(state, language).text)  # type: ignore[arg-type]
        mark = f" ({co_owned})" if responsible_forum_id != forum_id else ""
        written.append(
            f'<li><a href="{project_url(pk)}">{translated(title)}</a> — {kind_text}, '
            f"{state_text}{mark}</li>"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def list_body_html(
    *,
    signed_in: bool,
    page: Any,
    rows: SafeString,
    filters: dict[str, str],
    options: dict[str, SafeString],
    query: str,
) -> SafeString:
    """The list's body around its rows: the heading, the filters (``options`` each filter's
    ``<option>``s, ``filters`` the values given), the links (``query``: the filters, kept by
    the CSV link and the page links), the table and the page links. What the template
    ``_list_body.html`` wrote, through the same translations: through the template
    language it cost a cold rendering as much as the rows (``tests/test_list_pages.py``)."""
    t = _body_texts(get_language())
    selects = "".join(
        f'  <label for="f-{name}">{t[label]}</label>\n'
        f'  <select id="f-{name}" name="{name}"><option value="">{t["All"]}</option>'
        f"{options[name]}</select>\n"
        for name, label in (
            ("kind", "Kind"), ("state", "State"), ("forum", "Forum"), ("economy", "Economy")
        )
    )  # fmt: skip
    kept = f"?{escape(query)}" if query else ""
    actions = ""
    if signed_in:
        actions = (
            f' · <a href="{fixed_url("projects:create")}">{t["Draft a concept note"]}</a>'
            f' · <a href="{fixed_url("projects:rounds")}">{t["Scoring rounds"]}</a>'
        )
    count = page.paginator.count
    caption = ngettext("%(counter)s project", "%(counter)s projects", count) % {"counter": count}
    head = "".join(
        f'<th scope="col">{t[text]}</th>'
        for text in ("Title", "Kind", "State", "Proposed by", "Co-sponsors", "Fora", "Progress")
    )
    pages = pagination_html(page, query, t)
    return mark_safe(  # noqa: S308 - every value escaped above
        f"<h1>{t['Projects and work items']}</h1>\n"
        f'<form method="get" class="filters" aria-label="{t["Filter projects"]}">\n'
        f"{selects}"
        f'  <label for="f-body">{t["Standards body"]}</label>\n'
        f'  <input id="f-body" name="body" value="{escape(filters.get("body", ""))}" size="16">\n'
        f'  <button type="submit">{t["Filter"]}</button>\n'
        "</form>\n"
        f'<p><a href="{fixed_url("projects:csv")}{kept}">{t["Download as CSV"]}</a>{actions}</p>\n'
        "<table>\n"
        f"  <caption>{escape(caption)}</caption>\n"
        f"  <thead><tr>{head}</tr></thead>\n"
        f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n{pages}\n"
    )


@lru_cache(maxsize=64)
def _body_texts(language: str | None) -> dict[str, str]:
    """The body's words in the active ``language``, translated and escaped once per process
    and language (twenty look-ups on every cold rendering otherwise). A text with values
    is left as translated, as ``{% blocktranslate %}`` leaves it (it escapes the values)."""
    return {text: gettext(text) if "%(" in text else escape(gettext(text)) for text in _BODY_TEXTS}


@receiver(setting_changed)
def _forget_texts(**kwargs: Any) -> None:
    _body_texts.cache_clear()  # tests that change languages or locale paths


_BODY_TEXTS = (  # marked for makemessages, translated when the body is written
    gettext_noop("Projects and work items"),
    gettext_noop("Filter projects"),
    gettext_noop("Kind"),
    gettext_noop("State"),
    gettext_noop("Forum"),
    gettext_noop("Economy"),
    gettext_noop("All"),
    gettext_noop("Standards body"),
    gettext_noop("Filter"),
    gettext_noop("Download as CSV"),
    gettext_noop("Draft a concept note"),
    gettext_noop("Scoring rounds"),
    gettext_noop("Title"),
    gettext_noop("Proposed by"),
    gettext_noop("Co-sponsors"),
    gettext_noop("Fora"),
    gettext_noop("Progress"),
    gettext_noop("Pages"),  # the page links', as their template has them
    gettext_noop("Previous"),
    gettext_noop("Next"),
    gettext_noop("Page %(number)s of %(total)s"),
)
