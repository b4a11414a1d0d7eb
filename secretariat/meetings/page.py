"""The meeting page's main content, rendered once per state of the meeting and kind of viewer.

What the content shows depends on who looks only through ``Viewer``; two viewers with equal
``Viewer`` values see the same content, so they share one rendering. The content is rendered
without the request (no CSRF token, user or session can get into it); the page adds what is
the viewer's own around it."""

import functools
import hashlib
import html
import json
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
from secretariat.core.i18n import escaped_choice_labels, resolve
from secretariat.core.url_writer import SLUG_SENTINEL, url_writer
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
    the state names, and everything else is read after the tokens, by ``_render``."""
    unknown_zone = bool(requested_zone) and str(zone) != requested_zone
    language = get_language()
    form = f"{language}|{get_script_prefix()}|{zone}|{unknown_zone}"
    key = _key("page", meeting, f"{form}|{viewer!r}")
    slots = _TableSlots(
        documents=_key("documents", meeting, f"{language}|{selectors.documents_viewer(principal)}"),
        participants=_key("participants", meeting, f"{language}|{viewer.audiences}"),
    )
    tokens, found = cache_tokens.current_with(
        meeting_cache.token_names(meeting.pk), [key, slots.documents, slots.participants]
    )
    token = meeting_cache.page_token_of(tokens)
    state = f"{token}|{meeting.version}"
    cached = found.get(key)
    if cached is not None and cached[0] == state:
        return MainContent(mark_safe(cached[1]), mark_safe(cached[2]))  # noqa: S308 - ours
    content, written = _render(
        principal,
        meeting,
        viewer=viewer,
        zone=zone,
        unknown_zone=unknown_zone,
        shared=token.shared,
        slots=slots,
        found=found,
    )
    # With the tables rendered meanwhile, if any: one round trip.
    written[key] = (state, str(content.programme), str(content.participation))
    cache.set_many(written, CONTENT_SECONDS)
    return content


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
    and used when the state is still the one the content is rendered in. (A change to the
    meeting elsewhere renews the page's token but leaves the tables as they are.)"""

    documents: str
    participants: str


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
) -> tuple[MainContent, dict[str, Any]]:
    """The content, and the tables rendered for it (to be cached with it). ``found``: what
    was read of ``slots``."""
    read = selectors.meeting_for_page(head.pk)  # all of it, with its sessions and agenda
    if read is None:  # deleted since its head was read
        raise NotFound(f"No meeting matches pk={head.pk}.")
    meeting = read.meeting
    language = get_language()
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
    documents_state = (
        f"{selectors.documents_cache_key(principal, meeting, shared, read.documents_stamp)}"
        f"|{language}"
    )
    participants_state = f"{overview.cache_key}|{language}"
    written: dict[str, Any] = {}
    documents = _still(found.get(slots.documents), documents_state)
    if documents is None:
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
        documents=documents,
        can_submit=permissions.can_submit(principal, meeting),
    )
    participation = content.participation(
        meeting,
        links=links,
        counts=overview.counts,
        total=overview.total,
        participants=participants,
        minutes_state=None if minutes is None else str(MinutesState(minutes).label),
        is_secretariat=viewer.is_secretariat,
        is_member=viewer.is_member,
    )
    rendered = MainContent(mark_safe(programme), mark_safe(participation))  # noqa: S308 - escaped
    return rendered, written


def _still(cached: Any, state: str) -> str | None:
    """A table as cached, if it was rendered in ``state``."""
    return cached[1] if cached is not None and cached[0] == state else None


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
        document_url = url_writer("meetings:document")
        late = f' <span class="badge">{escape(gettext("late"))}</span>'
        purposes = escaped_choice_labels(Document, "purpose")
        classifications = escaped_choice_labels(Document, "classification")
        translated = _translator()
        economies: dict[int, str] = {}  # a few economies submit most documents
        rows = []
        escaped = html.escape
        for d in documents:
            # The title in the requested language as the database picked it, or resolved.
            title = escaped(d.title_text) if d.title_text else translated(d.title)
            if d.economy_id is not None:
                submitter = economies.get(d.economy_id)
                if submitter is None:
                    name = json.loads(d.economy_name_json or "null")
                    submitter = economies[d.economy_id] = translated(name)
            elif d.forum_id is not None:
                submitter = html.escape(d.forum_abbreviation or "")
            else:
                submitter = ""
            agenda = html.escape(d.agenda_number or "") if d.agenda_item_id is not None else ""
            purpose = purposes.get(d.purpose) or html.escape(d.purpose)
            classification = classifications.get(d.classification) or html.escape(d.classification)
            rows.append(
                f'\n    <tr><td><a href="{document_url(d.pk)}">{html.escape(d.number)}</a>'
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
