"""The meeting page's main content, rendered once per state of the meeting and kind of viewer.

What the content shows depends on who looks only through ``Viewer``; two viewers with equal
``Viewer`` values see the same content, so they share one rendering. The content is rendered
without the request (no CSRF token, user or session can get into it); the page adds what is
the viewer's own around it."""

import functools
import hashlib
import html
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext

from secretariat.core import cache_tokens
from secretariat.core.errors import NotFound
from secretariat.core.i18n import resolve
from secretariat.core.url_writer import SLUG_SENTINEL, url_parts, url_writer
from secretariat.minutes import selectors as minutes_selectors
from secretariat.minutes.choices import MinutesState
from secretariat.registrations import permissions as registration_permissions
from secretariat.registrations import selectors as registration_selectors
from secretariat.registry.permissions import Principal

from . import cache as meeting_cache
from . import content, permissions, selectors
from .models import AgendaItem, Document, Meeting

# The content's and the tables' fragments' (as their {% cache %} tags had it), written together.
CONTENT_SECONDS = 3600


@dataclass(frozen=True)
class Viewer:
    """Every fact about the viewer that the content depends on, for one meeting:

    - documents (``selectors.documents_visible_to``): ``is_secretariat``, ``forum_ids``
      (restricted ones), ``economy_ids`` (economy-only ones); submitting: the same;
    - participants (``registrations.permissions``): ``audiences``, which follow from
      ``is_secretariat``, the viewer's role kinds and their own registrations here;
    - minutes (``minutes.selectors.minutes_visible_to``): ``is_secretariat``, ``chairs``
      (the forum or the meeting), ``attends`` (circulated ones), ``forum_ids``;
    - links for members: ``is_secretariat`` and ``forum_ids`` (roles all have a forum).
    """

    is_secretariat: bool
    forum_ids: tuple[int, ...]
    economy_ids: tuple[int, ...]
    audiences: tuple[str, ...]
    chairs: bool
    attends: bool

    @property
    def is_member(self) -> bool:
        return self.is_secretariat or bool(self.forum_ids)


def viewer_of(principal: Principal, meeting: Meeting) -> Viewer:
    """The viewer's facts for ``meeting`` (one query for someone with a person record,
    except the secretariat)."""
    # The secretariat sees every participant and every minutes whatever it attends as, so
    # its own registrations change nothing it is shown: no need to read them.
    own = (
        set()
        if principal.is_secretariat
        else registration_selectors.own_categories(principal, meeting)
    )
    audiences = registration_permissions.audiences_of(principal, own, forum_id=meeting.forum_id)
    return Viewer(
        is_secretariat=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
        economy_ids=tuple(sorted(principal.economy_ids)),
        audiences=tuple(sorted(str(audience) for audience in audiences)),
        chairs=minutes_selectors.can_edit(principal, meeting),
        attends=bool(own),
    )


@dataclass(frozen=True)
class MainContent:
    """The content before and after the materials form (which holds the viewer's CSRF
    token and so is rendered for each request)."""

    programme: SafeString  # facts, timetable, agenda, documents
    participation: SafeString  # participants, minutes, history


def main_content(
    principal: Principal,
    meeting: Meeting,
    *,
    viewer: Viewer,
    zone: tzinfo,
    requested_zone: str | None,
) -> MainContent:
    """The main content from the cache, or rendered and cached. ``meeting`` needs only
    ``selectors.meeting_page_head``; ``viewer`` is ``viewer_of(principal, meeting)``.

    One rendering is kept per meeting, kind of viewer and form (language, zone), under a key
    that names no token: the state it was rendered in (the page's tokens and the meeting's
    version) is stored with it, so the tokens and the rendering are read in one round trip
    (on PostgreSQL with Redis every round trip is a sizeable part of the page). The tokens
    are read after the head: a change to the meeting's own row renews its version, which
    the state names, and everything else is read after the tokens, by ``_render``.

    The rendering is kept without its two tables, which it takes from their own slots (read
    in the same round trip) when they are still in the states it was rendered with: kept
    inside it too, every read and write carried each table twice (on PostgreSQL with
    Redis, the bytes moved were a large part of the page's cost)."""
    unknown_zone = bool(requested_zone) and str(zone) != requested_zone
    language = get_language()
    form = f"{language}|{get_script_prefix()}|{zone}|{unknown_zone}"
    key = _key("content", meeting, f"{form}|{viewer!r}")
    slots = _TableSlots(
        documents=_key("documents", meeting, f"{language}|{selectors.documents_viewer(principal)}"),
        participants=_key("participants", meeting, f"{language}|{viewer.audiences}"),
    )
    tokens, found = cache_tokens.current_with(
        meeting_cache.token_names(meeting.pk), [key, slots.documents, slots.participants]
    )
    token = meeting_cache.page_token_of(tokens)
    state = f"{token}|{meeting.version}"
    cached = _assembled(found.get(key), state, slots, found)
    if cached is not None:
        return cached
    rendered, written = _render(
        principal,
        meeting,
        viewer=viewer,
        zone=zone,
        unknown_zone=unknown_zone,
        shared=token.shared,
        slots=slots,
        found=found,
    )
    if rendered.entry is not None:
        written[key] = (state, *rendered.entry)
    # With the tables rendered meanwhile, if any: one write, not waited for with Redis
    # (each entry holds the state it was rendered in, compared when read).
    unanswered = getattr(cache, "set_many_unanswered", None)
    (unanswered or cache.set_many)(written, CONTENT_SECONDS)
    return rendered.content


def _key(kind: str, meeting: Meeting, viewer: str) -> str:
    """Where one rendering for ``meeting`` and this kind of viewer is kept, whatever the
    state it was rendered in (stored with it). The meeting's uid keeps a reused id (a new
    database behind the same cache) apart."""
    digest = hashlib.sha256(f"{meeting.uid}|{viewer}".encode()).hexdigest()
    return f"meetings:{kind}:{meeting.pk}:{digest}"


@dataclass(frozen=True)
class _TableSlots:
    """Where the documents' and participants' tables are kept for this kind of viewer, each
    with the state it was rendered in: read with the page's tokens, in the same round trip,
    and used when the state is still the one the content is rendered in, or was cached
    with. (A change to the meeting elsewhere renews the page's token but leaves the tables
    as they are.)"""

    documents: str
    participants: str


# Where a table goes in the content while it is rendered, to be cut out before the content
# is cached: random per process, so no text shown on the page can contain it.
_TABLE_PLACE = f"\x00table-{secrets.token_hex(16)}\x00"


@dataclass(frozen=True)
class _Rendered:
    """The content, and what is cached of it: the states its tables were rendered in, and
    the text around each table (a documents table always; a participants' list only for
    those who see it: ``None`` state, the participation in one piece). ``entry``: None
    when the text could not be cut around its tables (it is then not cached)."""

    content: MainContent
    entry: tuple[str, tuple[str, ...], str | None, tuple[str, ...]] | None


def _assembled(
    cached: Any, state: str, slots: _TableSlots, found: dict[str, Any]
) -> MainContent | None:
    """The cached content with its tables put back, if it was rendered in ``state`` and its
    tables are still in their slots in the states it was rendered with (a slot rewritten
    for another state of its rows, or evicted, means rendering again)."""
    if cached is None or cached[0] != state:
        return None
    _, documents_state, programme, participants_state, participation = cached
    documents = _still(found.get(slots.documents), documents_state)
    if documents is None:
        return None
    # The participation is in one piece (joined by anything) for who sees only the numbers.
    participants = (
        ""
        if participants_state is None
        else _still(found.get(slots.participants), participants_state)
    )
    if participants is None:
        return None
    return MainContent(
        mark_safe(documents.join(programme)),  # noqa: S308 - ours, escaped when rendered
        mark_safe(participants.join(participation)),  # noqa: S308 - ours, escaped when rendered
    )


def _around_table(text: str, pieces: int) -> tuple[str, ...] | None:
    """``text`` cut where its table goes (``pieces``: 2 with a table, 1 without)."""
    cut = tuple(text.split(_TABLE_PLACE))
    return cut if len(cut) == pieces else None


_LINKS_BY_ID = {
    "meeting": "meetings:meeting",
    "history": "meetings:meeting_history",
    "ics": "meetings:meeting_ics",
    "submit": "meetings:submit_document",
    "minutes": "minutes:minutes",
    "registrations": "registrations:meeting",
}
_LINKS_BY_SLUG = {"series": "meetings:series", "forum": "registry:forum"}


@functools.cache
def _link_writers(language: str | None, script_prefix: str) -> dict[str, Callable[[object], str]]:
    """Each link of the main content reversed once per process and language
    (``core.url_writer``): the content reversed nine URLs on every rendering, a tenth of its
    cost."""
    writers = {name: url_writer(route) for name, route in _LINKS_BY_ID.items()}
    for name, route in _LINKS_BY_SLUG.items():
        writers[name] = url_writer(route, SLUG_SENTINEL)
    meetings = reverse("meetings:meetings")
    writers["meetings"] = lambda _: meetings
    return writers


@receiver(setting_changed)
def _forget_link_writers(**kwargs: Any) -> None:
    _link_writers.cache_clear()  # tests that change URLs or languages


def _links(meeting: Meeting) -> dict[str, str]:
    """The main content's links for ``meeting`` in the active language."""
    writers = _link_writers(get_language(), get_script_prefix())
    links = {name: writers[name](meeting.pk) for name in _LINKS_BY_ID}
    slugs = {"forum": meeting.forum.slug, "series": meeting.series and meeting.series.slug}
    for name, slug in slugs.items():
        if slug:
            links[name] = writers[name](slug)
    links["meetings"] = writers["meetings"](None)
    return links


def _render(
    principal: Principal,
    head: Meeting,
    *,
    viewer: Viewer,
    zone: tzinfo,
    unknown_zone: bool,
    shared: str,
    slots: _TableSlots,
    found: dict[str, Any],
) -> tuple[_Rendered, dict[str, Any]]:
    """The content, and the tables rendered for it (to be cached in their slots, in the
    same round trip as the content). ``found``: what was read of ``slots``."""
    language = get_language()
    read = selectors.meeting_for_page(head.pk)  # all of it, with its sessions and agenda
    if read is None:  # deleted since its head was read
        raise NotFound(f"No meeting matches pk={head.pk}.")
    meeting = read.meeting
    links = _links(meeting)
    overview = registration_selectors.participants_overview(
        principal,
        meeting,
        # As the viewer's facts have them: their registrations here are not read again.
        frozenset(registration_permissions.Audience(a) for a in viewer.audiences),
        shared,
        registration_selectors.figures_of(read.registration_figures),
    )
    minutes = minutes_selectors.meeting_minutes_state_for(
        principal, meeting, attends=viewer.attends, state=read.minutes_state
    )
    # The state of each table: who sees what of which state of its rows.
    documents_state = _documents_state(principal, meeting, shared, read.documents_stamp)
    participants_state = f"{overview.cache_key}|{language}"
    written: dict[str, Any] = {}
    documents = _still(found.get(slots.documents), documents_state)
    if documents is None:
        # Read on their own, only now that the table must be written: as plain rows, the
        # documents cost PostgreSQL and the page less than inside the meeting's query
        # (``selectors.documents_for_page``).
        rows = DocumentRowsHtml(principal, meeting).__html__()
        documents = content.documents_table(rows)
        written[slots.documents] = (documents_state, documents)
    participants = None
    if overview.sees_list:
        participants = _still(found.get(slots.participants), participants_state)
        if participants is None:
            rows = overview.rows.__html__()
            participants = content.participants_table(rows, overview.sees_contact_details)
            written[slots.participants] = (participants_state, participants)
    programme = content.programme(
        meeting,
        links=links,
        zone=str(zone),
        unknown_zone=unknown_zone,
        timetable_rows=TimetableRowsHtml(selectors.timetable(read, zone)).__html__(),
        agenda_items=AgendaItemsHtml(read.agenda).__html__(),
        documents=_TABLE_PLACE,
        can_submit=permissions.can_submit(principal, meeting),
    )
    participation = content.participation(
        meeting,
        links=links,
        counts=overview.counts,
        total=overview.total,
        participants=None if participants is None else _TABLE_PLACE,
        minutes_state=None if minutes is None else str(MinutesState(minutes).label),
        is_secretariat=viewer.is_secretariat,
        is_member=viewer.is_member,
    )
    programme_around = _around_table(programme, 2)
    participation_around = _around_table(participation, 1 if participants is None else 2)
    rendered = MainContent(
        mark_safe(programme.replace(_TABLE_PLACE, documents)),  # noqa: S308 - escaped
        mark_safe(participation.replace(_TABLE_PLACE, participants or "")),  # noqa: S308 - escaped
    )
    entry = None
    if programme_around is not None and participation_around is not None:
        entry = (
            documents_state,
            programme_around,
            None if participants is None else participants_state,
            participation_around,
        )
    return _Rendered(rendered, entry), written


def _documents_state(principal: Principal, meeting: Meeting, shared: str, stamp: str | None) -> str:
    """The state of the documents' table: who sees what of which state of its rows."""
    return f"{selectors.documents_cache_key(principal, meeting, shared, stamp)}|{get_language()}"


def _still(cached: Any, state: str) -> str | None:
    """A table as cached, if it was rendered in ``state``."""
    return cached[1] if cached is not None and cached[0] == state else None


def escaped_all(values: list[str]) -> list[str]:
    """Each value HTML-escaped as ``html.escape`` does it, in one call over all of them:
    escaping replaces characters one by one, so escaping the values joined by a character
    it leaves alone and splitting there gives each value's escape. A value holding that
    character (the split then gives more pieces) is escaped on its own."""
    pieces = html.escape(_BETWEEN.join(values)).split(_BETWEEN)
    return pieces if len(pieces) == len(values) else [html.escape(v) for v in values]


_BETWEEN = "\x00"  # no text PostgreSQL stores holds it


class DocumentRowsHtml:
    """The documents table's rows, written when the content is (so not read at
    all when the table's fragment is cached): two hundred rows through the template
    language cost more than the rest of the page; written here, a row is one format. The
    output is the template loop's own (``test_document_rows.py``)."""

    def __init__(self, principal: Principal, meeting: Meeting) -> None:
        self.principal, self.meeting = principal, meeting

    def __html__(self) -> str:
        """The rows, each value escaped as the template language escapes it."""
        language = resolve(None, get_language()).requested
        documents = selectors.documents_for_page(self.principal, self.meeting, language)
        if not documents:
            empty = escape(gettext("No documents that you may see."))
            return f'<tr><td colspan="6">{empty}</td></tr>'
        # A row's link is the route's head, its id (an int: nothing to escape) and its tail.
        url_head, url_tail = url_parts("meetings:document")
        late = f' <span class="badge">{escape(gettext("late"))}</span>'
        purposes = content.choice_labels(Document, "purpose", get_language())
        classifications = content.choice_labels(Document, "classification", get_language())
        translated = _translator()
        # Each row's number and title (in the requested language) escaped in one call for
        # the whole table: two escapes a row were a third of the rows' cost.
        texts = []
        for d in documents:
            texts.append(d.number)
            texts.append(d.title_text or "")
        escaped_texts = iter(escaped_all(texts))
        # A few economies submit most documents, a few fora the rest, under a dozen items.
        economies: dict[int, str] = {}
        fora: dict[int, str] = {}
        agenda_numbers: dict[int, str] = {}
        rows = []
        escaped = html.escape
        for d, number, title_text in zip(documents, escaped_texts, escaped_texts, strict=True):
            # The title in the requested language as the database picked it, or resolved.
            title = title_text if d.title_text else translated(d.title)
            if d.economy_id is not None:
                submitter = economies.get(d.economy_id)
                if submitter is None:
                    if d.economy_name_json is None and d.economy_name_text:
                        # As ``translated`` writes a name that has a text in the language.
                        submitter = escaped(d.economy_name_text)
                    else:
                        submitter = translated(json.loads(d.economy_name_json or "null"))
                    economies[d.economy_id] = submitter
            elif d.forum_id is not None:
                submitter = fora.get(d.forum_id)
                if submitter is None:
                    submitter = fora[d.forum_id] = escaped(d.forum_abbreviation or "")
            else:
                submitter = ""
            if d.agenda_item_id is not None:
                agenda = agenda_numbers.get(d.agenda_item_id)
                if agenda is None:
                    agenda = agenda_numbers[d.agenda_item_id] = escaped(d.agenda_number or "")
            else:
                agenda = ""
            purpose = purposes.get(d.purpose) or escaped(d.purpose)
            classification = classifications.get(d.classification) or escaped(d.classification)
            rows.append(
                f'\n    <tr><td><a href="{url_head}{d.pk}{url_tail}">{number}</a>'
                f"{late if d.is_late else ''}</td><td>{title}</td>\n"
                f"    <td>{agenda}</td><td>{purpose}</td>\n"
                f"    <td>{submitter}</td>\n"
                f"    <td>{classification}</td></tr>\n  "
            )
        return "".join(rows)

    def __str__(self) -> str:
        return mark_safe(self.__html__())  # noqa: S308 - escaped above


class TimetableRowsHtml:
    """The timetable's rows, written in Python: through the template language each row's
    dates, times and translated title cost about a sixth of a millisecond, more than the
    rest of the programme. The output is the template loop's own (``test_page_rows.py``)."""

    def __init__(self, rows: list[selectors.TimetableRow]) -> None:
        self.rows = rows

    def __html__(self) -> str:
        if not self.rows:
            return f'<tr><td colspan="5">{escape(gettext("No sessions yet."))}</td></tr>'
        translated = _translator()
        zone = get_current_timezone()
        days: dict[object, str] = {}  # sessions share a few days; formatting one is not free
        written = []
        for row in self.rows:
            day = days.get(row.day)
            if day is None:
                day = days[row.day] = html.escape(date_format(row.day, "D j M Y"))
            session = row.session
            room = (
                f' <span class="meta">({html.escape(session.room)})</span>' if session.room else ""
            )
            agenda = ", ".join(html.escape(item.number) for item in row.agenda)
            starts, ends = _iso(session.starts_at, zone), _iso(session.ends_at, zone)
            written.append(
                f"\n    <tr><td>{day}</td>"
                f'<td><time datetime="{starts}">{html.escape(row.starts)}</time>'
                f'</td><td><time datetime="{ends}">{html.escape(row.ends)}</time>'
                f"</td>\n    <td>{translated(session.title)}{room}</td>\n"
                f"    <td>{agenda}</td></tr>\n  "
            )
        return "".join(written)

    def __str__(self) -> str:
        return mark_safe(self.__html__())  # noqa: S308 - escaped above


def _iso(moment: datetime, zone: tzinfo) -> str:
    """``{{ moment|date:'c' }}``: in the active time zone (``zone``, looked up once per
    table), as the template shows it (the filter's 'c' is ``isoformat()``)."""
    return html.escape(moment.astimezone(zone).isoformat())


class AgendaItemsHtml:
    """The agenda's items, written in Python (the template loop's own output,
    ``test_page_rows.py``)."""

    def __init__(self, items: "Iterable[selectors.AgendaRow | AgendaItem]") -> None:
        self.items = items

    def __html__(self) -> str:
        translated = _translator()
        written = [
            f"<li><span>{html.escape(item.number)}.</span> {translated(item.title)}</li>"
            for item in self.items
        ]
        return "".join(written) or f"<li>{escape(gettext('No agenda yet.'))}</li>"

    def __str__(self) -> str:
        return mark_safe(self.__html__())  # noqa: S308 - escaped above


_translator = content.translator
