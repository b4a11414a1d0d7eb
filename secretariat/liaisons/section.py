"""The forum page's section of this app (``registry.forum_sections``): the forum's "works
with" links and its liaison statements, in and out, overdue ones flagged. Both read with
the forum's row (``selectors.forum_page_reads``: the page's one query, its SQL prepared,
ADR 0024), their rows written in Python from plain values: through the template language,
as model instances with a ``{% url %}`` each, they cost most of the section's rendering.
The output is what the template loops they replaced wrote (``tests/test_pages.py``)."""

from datetime import date
from typing import Any

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from secretariat.core.url_writer import SLUG_SENTINEL, url_writer
from secretariat.meetings.content import translator
from secretariat.registry.forum_sections import ForumSection, ReadWithForum
from secretariat.registry.models import Forum, Organisation

from . import selectors
from .choices import ISSUED_STATES, Direction, LiaisonState, Purpose

SHOWN = selectors.FORUM_PAGE_SHOWN


def joint_work(forum: Forum, principal: Any, read: dict[str, Any]) -> ForumSection:
    links, statements = selectors.forum_page_rows(read)
    return ForumSection(
        _("Works with, and liaison statements"),
        "liaisons/_forum_section.html",
        {
            "forum": forum,
            "links_html": links_html(links, forum.pk),
            "rows_html": rows_html(statements, timezone.localdate()),
        },
    )


FORUM_SECTION = ReadWithForum(
    names=selectors.FORUM_PAGE_READS,
    facts=("secretariat", "forum_ids"),
    reads=selectors.forum_page_reads,
    render=joint_work,
)


def links_html(rows: list[tuple[Any, ...]], forum_id: int) -> SafeString:
    """The "works with" list's items, each partner as seen from ``forum_id``."""
    if not rows:
        return mark_safe(f"<li>{escape(_('None recorded.'))}</li>")  # noqa: S308 - escaped
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
        since_text = _("since %(since)s") % {"since": formats.date_format(since, "j F Y")}
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
    if not rows:
        empty = escape(_("No liaison statements that you may see."))
        return mark_safe(f'<tr><td colspan="5">{empty}</td></tr>')  # noqa: S308 - escaped
    translated = translator()
    statement_url = url_writer("liaisons:statement")
    purposes, states = dict(Purpose.choices), dict(LiaisonState.choices)
    restricted = f' <span class="badge">{escape(_("restricted"))}</span>'
    answered_text = f" · {escape(_('answered'))}"
    overdue = f' <strong class="badge overdue">{escape(_("overdue"))}</strong>'
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
                f'<time datetime="{escape(formats.date_format(deadline, "Y-m-d"))}">'
                f"{escape(formats.date_format(deadline, 'j M Y'))}</time>"
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
            f"  <td>{escape(purposes.get(purpose, purpose))}</td>\n"
            f"  <td>{escape(states.get(state, state))}{answered_text if answered else ''}</td>\n"
            f"  <td>{when}{overdue if late else ''}</td>\n</tr>"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above
