"""The forum page's section of this app (``registry.forum_sections``): the forum's "works
with" links and its liaison statements, in and out, overdue ones flagged. Both read with
the forum's row (``selectors.forum_page_reads``: the page's one query, its SQL prepared,
ADR 0024), their rows written in Python from plain values: through the template language,
as model instances with a ``{% url %}`` each, they cost most of the section's rendering.
The output is what the template loops they replaced wrote (``tests/test_pages.py``)."""

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.core.i18n import long_date
from secretariat.core.url_writer import SLUG_SENTINEL, fixed_url, url_writer
from secretariat.meetings.content import translator
from secretariat.registry.forum_sections import ForumSection, ReadWithForum
from secretariat.registry.models import Forum, Organisation

from . import selectors
from .choices import ISSUED_STATES, Direction, LiaisonState, Purpose

SHOWN = selectors.FORUM_PAGE_SHOWN


@dataclass(frozen=True)
class _Words:
    """The section's fixed words in one language, translated and escaped once per process
    (about twenty ``gettext`` calls and nine date formats were most of the section's
    rendering). Short dates are written as the ``date`` filter writes ``j M Y``; long ones
    by ``core.i18n.long_date``."""

    since: str  # "since %(since)s", not escaped: the whole sentence is
    months_short: dict[int, str]  # M: its first three letters, titled
    none_recorded: str
    no_statements: str
    purposes: dict[str, str]
    states: dict[str, str]
    restricted: str
    answered: str
    overdue: str
    # The section's frame, as ``{% translate %}`` writes a literal's translation: unescaped.
    works_with: str
    statements: str
    caption: str  # "Liaison statements of %(forum)s, in and out"
    head: str  # ``liaisons/_head.html``: the statements table's head
    all_statements: str

    def short_date(self, day: date) -> str:
        return f"{day.day} {self.months_short[day.month]} {day.year:04d}"


@functools.lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    """``language`` is the active one (the key: ``gettext`` reads it itself)."""
    return _Words(
        since=_("since %(since)s"),
        months_short={number: str(name).title() for number, name in MONTHS_3.items()},
        none_recorded=f"<li>{escape(_('None recorded.'))}</li>",
        no_statements=(
            f'<tr><td colspan="5">{escape(_("No liaison statements that you may see."))}</td></tr>'
        ),
        # ``str`` first: ``escape`` of a lazy label is lazy, translated again at each use.
        purposes={value: escape(str(label)) for value, label in Purpose.choices},
        states={value: escape(str(label)) for value, label in LiaisonState.choices},
        restricted=f' <span class="badge">{escape(_("restricted"))}</span>',
        answered=f" · {escape(_('answered'))}",
        overdue=f' <strong class="badge overdue">{escape(_("overdue"))}</strong>',
        works_with=_("Works with"),
        statements=_("Liaison statements"),
        caption=_("Liaison statements of %(forum)s, in and out"),
        head=render_to_string("liaisons/_head.html"),
        all_statements=_("All of this forum's liaison statements"),
    )


@receiver(setting_changed)
def _forget_words(**kwargs: Any) -> None:
    _words.cache_clear()  # tests that change languages or locale paths


def joint_work(forum: Forum, principal: Any, read: dict[str, Any]) -> ForumSection:
    links, statements = selectors.forum_page_rows(read)
    html = section_html(
        forum, links_html(links, forum.pk), rows_html(statements, timezone.localdate())
    )
    return ForumSection(
        _("Works with, and liaison statements"),
        "liaisons/_forum_section.html",
        {"html": html},
        html=html,  # what the template writes
    )


FORUM_SECTION = ReadWithForum(
    names=selectors.FORUM_PAGE_READS,
    facts=("secretariat", "forum_ids"),
    reads=selectors.forum_page_reads,
    render=joint_work,
)


def section_html(forum: Forum, links: SafeString, rows: SafeString) -> SafeString:
    """The section around its written lists: what ``liaisons/_forum_section.html`` wrote
    through the template language (its headings, the table's caption and head, the link to
    the list), which cost as much as the rows."""
    words = _words(get_language())
    caption = words.caption % {"forum": escape(forum.abbreviation)}
    return mark_safe(  # noqa: S308 - the values escaped, the translations are the templates'
        f"\n<h3>{words.works_with}</h3>\n<ul>{links}</ul>\n<h3>{words.statements}</h3>\n"
        f"<table>\n  <caption>{caption}</caption>\n  {words.head}\n"
        f"  <tbody>{rows}</tbody>\n</table>\n"
        f'<p><a href="{fixed_url("liaisons:list")}?forum={escape(forum.slug)}">'
        f"{words.all_statements}</a></p>\n\n"
    )


def links_html(rows: list[tuple[Any, ...]], forum_id: int) -> SafeString:
    """The "works with" list's items, each partner as seen from ``forum_id``."""
    words = _words(get_language())
    if not rows:
        return mark_safe(words.none_recorded)  # noqa: S308 - escaped
    translated = translator()
    forum_url = url_writer("registry:forum", SLUG_SENTINEL)
    organisation_url = url_writer("registry:organisation", SLUG_SENTINEL)
    written = []
    for (_forum_id, slug, abbreviation, partner_forum_id, partner_slug, partner_abbreviation,
         acronym, name, organisation_slug, since, note) in rows:  # fmt: skip
        if organisation_slug:
            partner = (
                f'<a href="{organisation_url(organisation_slug)}">'
                f"{escape(Organisation.named(acronym, name, organisation_slug))}</a>"
            )
        elif partner_forum_id == forum_id:  # the other side of a link between two fora
            partner = f'<a href="{forum_url(slug)}">{escape(abbreviation)}</a>'
        else:
            partner = f'<a href="{forum_url(partner_slug)}">{escape(partner_abbreviation)}</a>'
        since_text = words.since % {"since": long_date(since)}
        noted = f": {translated(note)}" if note else ""
        written.append(f"<li>{partner} — {escape(since_text)}{noted}</li>")
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def _named(forum: str | None, acronym: str | None, name: Any, slug: str | None) -> str:
    """A statement's forum or counterpart as the template printed the object (None when
    a counterpart is missing)."""
    if forum is not None:
        return forum
    if slug is not None:
        return Organisation.named(acronym or "", name, slug)
    return "None"


def rows_html(rows: list[tuple[Any, ...]], today: date) -> SafeString:
    """The statements table's rows (``liaisons/_rows.html``'s output)."""
    words = _words(get_language())
    if not rows:
        return mark_safe(words.no_statements)  # noqa: S308 - escaped
    translated = translator()
    statement_url = url_writer("liaisons:statement")
    purposes, states = words.purposes, words.states
    restricted, answered_text, overdue = words.restricted, words.answered, words.overdue
    written = []
    for (pk, title, is_restricted, direction, purpose, state, deadline, forum,
         counterpart_forum, acronym, name, slug, answered) in rows:  # fmt: skip
        own = escape(forum)
        counterpart = escape(_named(counterpart_forum, acronym, name, slug))
        sender, recipient = (
            (own, counterpart) if direction == Direction.OUTGOING else (counterpart, own)
        )
        when = "—"
        if deadline is not None:
            when = (
                f'<time datetime="{deadline.isoformat()}">'
                f"{escape(words.short_date(deadline))}</time>"
            )
        late = (
            purpose == Purpose.FOR_ACTION
            and state in ISSUED_STATES
            and deadline is not None
            and deadline < today
            and not answered
        )
        written.append(
            f'<tr>\n  <td><a href="{statement_url(pk)}">{translated(title)}</a>'
            f"{restricted if is_restricted else ''}</td>\n"
            f"  <td>{sender} → {recipient}</td>\n"
            f"  <td>{purposes.get(purpose) or escape(purpose)}</td>\n"
            f"  <td>{states.get(state) or escape(state)}{answered_text if answered else ''}</td>\n"
            f"  <td>{when}{overdue if late else ''}</td>\n</tr>"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above
