"""Reads that decide visibility, and the shapes pages need (timetables, series overviews)."""

import json
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, JSONArray
from django.db.models.lookups import GreaterThan

from secretariat.core.json_rows import JSONList, json_moment, json_value
from secretariat.core.prepared import Prepared

from .choices import Classification
from .models import AgendaItem, Document, Meeting, MeetingSeries, Session, timezone_names

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def documents_visible_to(principal: "Principal") -> QuerySet[Document]:
    """Public documents to everyone; restricted ones to members of the owning fora (the
    document's forum and, for a joint agenda item, the fora that co-own it) and the
    secretariat; economy-only ones to that economy's delegates — not to the secretariat."""
    documents = Document.objects.select_related(
        "meeting", "owning_forum", "submitted_by_economy", "submitted_by_forum", "agenda_item"
    )
    return documents.filter(
        _visible_documents(
            principal.is_secretariat,
            tuple(sorted(principal.forum_ids)),
            tuple(sorted(principal.economy_ids)),
        )
    )


def _visible_documents(
    is_secretariat: bool, forum_ids: tuple[int, ...], economy_ids: tuple[int, ...]
) -> Q:
    """``documents_visible_to``'s rule, from the facts of the viewer it reads."""
    allowed = Q(classification=Classification.PUBLIC)
    if is_secretariat:
        allowed |= Q(classification=Classification.RESTRICTED)
    elif forum_ids:
        co_owned = AgendaItem.co_owners.through.objects.filter(forum_id__in=forum_ids)
        owning = Q(owning_forum_id__in=forum_ids) | Q(
            agenda_item_id__in=co_owned.values("agendaitem_id")
        )
        allowed |= Q(classification=Classification.RESTRICTED) & owning
    if economy_ids:
        allowed |= Q(
            classification=Classification.ECONOMY_ONLY,
            submitted_by_economy_id__in=economy_ids,
        )
    return allowed


def meetings_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("forum", "host_economy", "series", "chair")


_PAGE_HEAD: Prepared[Meeting] = Prepared(
    lambda meeting: (
        Meeting.objects.filter(pk=meeting)
        .only("uid", "version", "code", "start_date", "timezone", "forum_id", "chair_id")
        .order_by()[:1]
    ),
    "meeting",
)


def meeting_page_head(meeting_id: int) -> Meeting | None:
    """Only the columns the meeting page reads besides its cached content: its title and
    what keys the cache (reading the meeting with its relations costs more than the rest
    of a cached page; the query is built once per process, ``core.prepared``)."""
    found = _PAGE_HEAD.objects(meeting=meeting_id)
    return found[0] if found else None


def meeting_detail(principal: "Principal") -> QuerySet[Meeting]:
    """Meetings with their sessions, agenda and the documents ``principal`` may see, in a
    fixed number of queries whatever their size."""
    return Meeting.objects.select_related(
        "forum", "host_economy", "series", "chair"
    ).prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("session")
            .prefetch_related("co_owners")
            .order_by("position", "pk"),
        ),
        Prefetch(
            "documents",
            queryset=documents_visible_to(principal).order_by("base_number", "revision"),
            to_attr="visible_documents",
        ),
    )


def _json_rows(model: type[Session] | type[AgendaItem], *columns: str) -> Subquery:
    """The meeting's rows of ``model`` (``columns`` of each, as a JSON array) as one value."""
    return Subquery(
        model.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(rows=JSONList(JSONArray(*columns)))
        .values("rows")
    )


def _documents_stamp() -> Subquery:
    """The documents' and their agenda items' stamp (``documents_cache_key``): how many, the
    last id, the last changes, as the text of a JSON array (None: no documents), of the
    outer query's meeting."""
    return Subquery(
        Document.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(
            stamp=Cast(
                JSONArray(
                    Count("pk"), Max("pk"), Max("updated_at"), Max("agenda_item__updated_at")
                ),
                TextField(),
            )
        )
        .values("stamp")
    )


def _registration_figures() -> Subquery:
    from secretariat.registrations import selectors  # it reads this module's meetings

    return selectors.figures_subquery()


def _minutes_state() -> Subquery:
    from secretariat.minutes.models import Minutes  # minutes are of meetings

    return Subquery(Minutes.objects.filter(meeting_id=OuterRef("pk")).values("state")[:1])


def _meeting_for_page(meeting: int) -> QuerySet[Meeting]:
    return (
        meetings_list()
        .filter(pk=meeting)
        .annotate(
            session_rows=_json_rows(Session, "pk", "title", "room", "starts_at", "ends_at"),
            agenda_rows=_json_rows(AgendaItem, "pk", "number", "title", "session_id", "position"),
            documents_stamp=_documents_stamp(),
            registration_figures=_registration_figures(),
            minutes_state=_minutes_state(),
        )
        .order_by()[:1]
    )


_MEETING_FOR_PAGE: Prepared[Meeting] = Prepared(_meeting_for_page, "meeting")


class SessionRow(NamedTuple):
    """What the timetable shows of a session."""

    pk: int
    title: dict[str, Any]
    room: str
    starts_at: datetime
    ends_at: datetime


class AgendaRow(NamedTuple):
    """What the agenda and the timetable show of an agenda item."""

    pk: int
    number: str
    title: dict[str, Any]
    session_id: int | None
    position: int


@dataclass(frozen=True)
class MeetingForPage:
    """The meeting with its forum, host, series and chair; its sessions in time order and
    its agenda in order; the stamp of its documents (``documents_cache_key``), the
    figures of its registrations (``registrations.selectors.figures_of``) and the state of
    its minutes, as read."""

    meeting: Meeting
    sessions: list[SessionRow]
    agenda: list[AgendaRow]
    documents_stamp: str | None
    registration_figures: list[Any] | None
    minutes_state: str | None  # whoever may see them: minutes.selectors.meeting_minutes_state_for


def meeting_for_page(meeting_id: int) -> MeetingForPage | None:
    """The meeting with its relations, sessions and agenda in one query (one round trip;
    the sessions and the agenda come as a JSON array each, no model instance built for
    them; the query is built once per process, ``core.prepared``). Its documents are read
    by ``documents_for_page`` only when their table is not cached."""
    return _page_of(_MEETING_FOR_PAGE.objects(meeting=meeting_id))


def _page_of(found: list[Meeting]) -> MeetingForPage | None:
    if not found:
        return None
    meeting = found[0]
    sessions = [
        SessionRow(pk, json_value(title), room, json_moment(starts), json_moment(ends))
        for pk, title, room, starts, ends in meeting.session_rows or ()  # type: ignore[attr-defined]
    ]
    agenda = [
        AgendaRow(pk, number, json_value(title), session_id, position)
        for pk, number, title, session_id, position in meeting.agenda_rows or ()  # type: ignore[attr-defined]
    ]
    # In the order the page shows them (an aggregate keeps none).
    sessions.sort(key=lambda row: (row.starts_at, row.pk))
    agenda.sort(key=lambda row: (row.position, row.pk))
    return MeetingForPage(
        meeting,
        sessions,
        agenda,
        meeting.documents_stamp,  # type: ignore[attr-defined]
        meeting.registration_figures,  # type: ignore[attr-defined]
        meeting.minutes_state,  # type: ignore[attr-defined]
    )


class DocumentRow(NamedTuple):
    """What the meeting page's table shows of a document, read as a plain row (a tuple:
    building two hundred frozen dataclasses cost more than the query)."""

    pk: int
    number: str
    is_late: bool | int  # 0 or 1 on SQLite: the rows are read unconverted
    agenda_item_id: int | None
    agenda_number: str | None
    purpose: str
    economy_id: int | None
    forum_id: int | None
    forum_abbreviation: str | None
    classification: str
    # The economy's name and the title: the text in the language the table was read for,
    # if any; as stored (JSON text) only when there is none (None otherwise) — on
    # PostgreSQL. On SQLite: the title's text if any, the name's never, both as stored.
    economy_name_text: str | None
    economy_name_json: str | None
    title_json: str | None
    title_text: str | None

    @property
    def title(self) -> dict[str, Any] | None:
        """The title as stored; None when it was not read (``title_text`` is its text)."""
        return None if self.title_json is None else json.loads(self.title_json)


# How the table reads each of ``DocumentRow``'s columns (None: it depends on the language).
_DOCUMENT_COLUMNS = {
    "pk": "pk",
    "number": "number",
    "is_late": "is_late",
    "agenda_item_id": "agenda_item_id",
    "agenda_number": "agenda_item__number",
    "purpose": "purpose",
    "economy_id": "submitted_by_economy_id",
    "forum_id": "submitted_by_forum_id",
    "forum_abbreviation": "submitted_by_forum__abbreviation",
    "classification": "classification",
    # The economy's name and the title: their text in the page's language picked by the
    # database (decoding two hundred titles' JSON, by the ORM's converters or json.loads,
    # was a third of the table's cost); as stored, as text, only when they have none in
    # that language, for ``i18n.resolve``'s fallbacks (writing every row's name and title
    # out as JSON text was a third of PostgreSQL's time for the read). On SQLite, whole
    # (``_OnPostgreSQL``).
    "economy_name_text": None,
    "economy_name_json": None,
    "title_json": None,
    "title_text": None,
}
# The translated fields behind those columns.
_TRANSLATED_COLUMNS = {
    "economy_name_text": "submitted_by_economy__name",
    "economy_name_json": "submitted_by_economy__name",
    "title_json": "title",
    "title_text": "title",
}


def _page_documents(
    meeting: int, is_secretariat: bool, forum_ids: tuple[int, ...], economy_ids: tuple[int, ...]
) -> QuerySet[Document]:
    """The meeting's documents the viewer may see (``documents_visible_to``), from the
    facts of the viewer the prepared read takes as its arguments."""
    return Document.objects.filter(
        _visible_documents(is_secretariat, forum_ids, economy_ids), meeting_id=meeting
    )


def _document_column(name: str, language: str) -> Any:
    field = _TRANSLATED_COLUMNS[name]
    # Not ``KT``, which takes the first name of the path for the field: this one follows a
    # relation to the field.
    text = KeyTextTransform("text", KeyTransform(language, F(field)))
    whole = Cast(field, TextField())
    if name == "title_text":
        return text
    if name == "economy_name_text":
        return _OnPostgreSQL(text, otherwise=Value(None, output_field=TextField()))
    # NULL where the text is there, the JSON as text where it is not: absent, null or ''
    # (the table takes the text when the JSON is None, and resolves the JSON otherwise).
    where_no_text = Case(
        When(GreaterThan(text, Value("")), then=Value(None, output_field=TextField())),
        default=whole,
        output_field=TextField(),
    )
    return _OnPostgreSQL(where_no_text, otherwise=whole)


class _OnPostgreSQL(Expression):
    """``expression`` on PostgreSQL, ``otherwise`` elsewhere. SQLite stores JSON as text,
    so giving it whole costs nothing, while picking a text out of it (``JSON_EXTRACT``) is
    the costliest part of a row: there the documents are read with each name and title
    whole, as text (the table resolves them all)."""

    def __init__(self, expression: Any, *, otherwise: Any) -> None:
        super().__init__(output_field=TextField())
        self.expression, self.otherwise = expression, otherwise

    def get_source_expressions(self) -> list[Any]:
        return [self.expression, self.otherwise]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        self.expression, self.otherwise = expressions

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return compiler.compile(self.otherwise)

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        return compiler.compile(self.expression)


def _documents_for_page(language: str) -> Prepared[Any]:
    def build(
        meeting: int, is_secretariat: bool, forum_ids: tuple[int, ...], economy_ids: tuple[int, ...]
    ) -> QuerySet[Any]:
        expressions = {
            name: _document_column(name, language)
            for name, column in _DOCUMENT_COLUMNS.items()
            if column is None
        }
        return (
            _page_documents(meeting, is_secretariat, forum_ids, economy_ids)
            .order_by("base_number", "revision")
            .annotate(**expressions)
            .values_list(
                *(c if isinstance(c, str) else name for name, c in _DOCUMENT_COLUMNS.items())
            )
        )

    # Not converted: the one converter, SQLite's for ``is_late``, cost a call per row (a
    # third of reading the table there); the table only tests it.
    return Prepared(build, "meeting", "is_secretariat", "forum_ids", "economy_ids", convert=False)


# One read per language the site is shown in (a JSON path is part of the SQL).
_DOCUMENTS_FOR_PAGE: dict[str, Prepared[Any]] = {}


def _documents_arguments(principal: "Principal", meeting_id: int) -> dict[str, Any]:
    return {
        "meeting": meeting_id,
        "is_secretariat": principal.is_secretariat,
        "forum_ids": tuple(sorted(principal.forum_ids)),
        "economy_ids": tuple(sorted(principal.economy_ids)),
    }


def documents_for_page(
    principal: "Principal", meeting: Meeting, language: str
) -> list[DocumentRow]:
    """The documents of ``meeting`` that ``principal`` may see (``documents_visible_to``), in
    order, with what the table shows and nothing more (one query, built once per kind of
    viewer and ``language`` — a content language code, as ``i18n.resolve`` normalises it —
    no model instances)."""
    prepared = _DOCUMENTS_FOR_PAGE.get(language)
    if prepared is None:
        prepared = _DOCUMENTS_FOR_PAGE[language] = _documents_for_page(language)
    rows = prepared.rows(**_documents_arguments(principal, meeting.pk))
    return [DocumentRow(*row) for row in rows]


def documents_cache_key(
    principal: "Principal", meeting: Meeting, shared: str, stamp: str | None
) -> str:
    """Who sees which of the meeting's documents, and the state of everything the table
    shows: the key of the table's rendered fragment. The documents and their agenda items
    are stamped by ``stamp`` (``MeetingForPage.documents_stamp``: how many, the last id,
    the last changes; None: no documents); the economies' and fora's names by ``shared``
    (``cache.PageToken.shared``), which their services renew — joining them into the
    aggregate cost more than the rest of the stamp."""
    return f"{meeting.pk}/{stamp or ''}/{shared}/{documents_viewer(principal)}"


def documents_viewer(principal: "Principal") -> str:
    """Who sees which documents of a meeting: what ``documents_visible_to`` reads of them."""
    # The secretariat sees every restricted document whatever its fora, but economy-only
    # ones only of economies it also delegates for.
    fora = "all" if principal.is_secretariat else sorted(principal.forum_ids)
    return f"{fora}:{sorted(principal.economy_ids)}"


def series_list() -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.select_related("forum")


@dataclass(frozen=True)
class SeriesOverview:
    past: list[Meeting]
    upcoming: list[Meeting]


def series_overview(series: MeetingSeries, today: date) -> SeriesOverview:
    meetings = list(series.meetings.select_related("host_economy").order_by("start_date", "pk"))
    return SeriesOverview(
        past=[m for m in meetings if m.end_date < today],
        upcoming=[m for m in meetings if m.end_date >= today],
    )


def viewer_timezone(name: str | None, default: str) -> tzinfo:
    """The zone to show times in: a valid IANA name from the request, else the venue's."""
    return zoneinfo.ZoneInfo(name if name and name in timezone_names() else default)


def utc_offset_label(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def local_time_label(moment: datetime, zone: tzinfo) -> str:
    """``09:30 (UTC+09:00)``: the time in ``zone``, with its offset on that day."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M} ({utc_offset_label(local)})"


@dataclass(frozen=True)
class TimetableRow:
    session: SessionRow
    day: date
    starts: str
    ends: str
    agenda: list[AgendaRow]


def timetable(page: MeetingForPage, zone: tzinfo) -> list[TimetableRow]:
    agenda_by_session: dict[int, list[AgendaRow]] = {}
    for item in page.agenda:
        if item.session_id:
            agenda_by_session.setdefault(item.session_id, []).append(item)
    return [
        TimetableRow(
            session=session,
            day=session.starts_at.astimezone(zone).date(),
            starts=local_time_label(session.starts_at, zone),
            ends=local_time_label(session.ends_at, zone),
            agenda=agenda_by_session.get(session.pk, []),
        )
        for session in page.sessions
    ]
