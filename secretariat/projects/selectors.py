"""Reads that decide who sees which projects, rounds and scores.

- A project in a public state of its lifecycle (approved and later) is public.
- Any other (concept notes, proposals, withdrawn and refused ones) is for the members of the
  fora that own it (responsible and co-owning) and the secretariat.
- A scoring round is its forum's members' and the secretariat's; while it is open each
  scorer sees only their own scores (not the chair, not the secretariat); once it closes,
  everyone who sees the round sees every score and the ranked list."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, JSONArray, RowNumber
from django.db.models.lookups import IsNull

from secretariat.core.i18n import resolve
from secretariat.core.json_rows import JSONRows, json_value, ranked_rows
from secretariat.core.prepared import Prepared, counting
from secretariat.meetings import selectors as meeting_selectors
from secretariat.registry.models import Economy, Forum, Organisation

from .choices import MilestoneState, RoundState
from .models import (
    Cosponsorship,
    Deliverable,
    LifecycleState,
    LifecycleTransition,
    Milestone,
    ParagraphLink,
    Project,
    ProjectKind,
    Score,
    ScoringRound,
    StageChange,
    StandardStage,
    StateChange,
)

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def owned_by_fora(forum_ids: Any) -> Q:
    """Projects whose responsible or a co-owning forum is among ``forum_ids``."""
    co_owned = Project.co_owning_fora.through.objects.filter(forum_id__in=forum_ids)
    return Q(responsible_forum_id__in=forum_ids) | Q(pk__in=co_owned.values("project_id"))


def visibility_rule(principal: "Principal") -> Q | None:
    """None: everything (the secretariat)."""
    forum_ids = sorted(principal.forum_ids)
    return rule_for(principal.is_secretariat, bool(forum_ids), forum_ids)


def rule_for(secretariat: bool, member: bool, forum_ids: Any) -> Q | None:
    """The rule from the viewer's facts, for the ordinary reads and the prepared one
    (``visible_list_ids``) alike: ``member``, whether they belong to any forum."""
    if secretariat:
        return None
    rule = Q(state__is_public=True)
    if member:
        rule |= owned_by_fora(forum_ids)
    return rule


def projects_visible_to(principal: "Principal") -> QuerySet[Project]:
    projects = Project.objects.select_related(
        "kind", "state", "proposing_economy", "responsible_forum", "target_body", "stage"
    )
    rule = visibility_rule(principal)
    return projects if rule is None else projects.filter(rule)


def active_cosponsorships() -> QuerySet[Cosponsorship]:
    return Cosponsorship.objects.filter(withdrawn_at__isnull=True).select_related("economy")


# Renewed by every write to projects (``services.renews_pages``): the cached list pages.
LIST_TOKEN = "projects:list"


def for_list(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What the list and the CSV show of each project, in a constant number of queries
    (the milestone figures come from ``with_progress`` on the rows shown)."""
    return projects.order_by("-created_at", "-pk").prefetch_related(
        "co_owning_fora",
        "partners",
        Prefetch("cosponsorships", queryset=active_cosponsorships(), to_attr="active_cosponsors"),
    )


@dataclass(frozen=True)
class Progress:
    counted: int = 0  # not cancelled
    done: int = 0
    overdue: int = 0

    @property
    def per_cent(self) -> int:
        return progress(self.done, self.counted)


def with_progress(projects: list[Project], today: date) -> list[tuple[Project, Progress]]:
    """Each project with its milestone figures, counted in one query for the rows shown."""
    found = progress_of([p.pk for p in projects], today)
    return [(p, found.get(p.pk, Progress())) for p in projects]


def _milestone_counts(today: str) -> dict[str, Count]:
    """What the list shows of a project's milestones, counted: how many count (not
    cancelled), are done, are overdue (open, due before ``today``, an ISO date the database
    reads as a date)."""
    due_before_today = Q(due_on__lt=Cast(Value(today), DateField()))
    return {
        "counted": Count("pk", filter=~Q(state=MilestoneState.CANCELLED)),
        "done": Count("pk", filter=Q(state=MilestoneState.DONE)),
        "overdue": Count(
            "pk", filter=Q(state__in=sorted(MilestoneState.open_states())) & due_before_today
        ),
    }


def _milestone_figures(ids: tuple[int, ...], today: str) -> QuerySet[Any]:
    """Per project of ``ids`` with milestones, ``_milestone_counts``."""
    return (
        Milestone.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(**_milestone_counts(today))
        .values_list("project_id", "counted", "done", "overdue")  # type: ignore[misc]  # annotated above
    )


_MILESTONE_FIGURES = Prepared(_milestone_figures, "ids", "today")


def progress_of(project_ids: list[int], today: date) -> dict[int, Progress]:
    """The milestone figures of ``project_ids`` (those with milestones), counted by the
    database in one query: a row per project, not one per milestone."""
    rows = _MILESTONE_FIGURES.rows(ids=tuple(project_ids), today=today.isoformat())
    return {project_id: Progress(*figures) for project_id, *figures in rows}


class ListRow(NamedTuple):
    """What the list shows of one project, read as plain values (no model instances)."""

    pk: int
    title: Any  # a translated value
    kind_name: Any
    state_name: Any
    proposing_economy: str  # its code
    responsible_forum: str  # its abbreviation
    target_body: str  # as ``Organisation.__str__`` names it; "" without one
    body_reference: str
    stage: str  # its code, or ""
    cosponsors: list[str]  # the active co-sponsors' codes, in the order they joined
    co_owning_fora: list[str]  # abbreviations, in the fora's order
    progress: Progress


# The kind's and the state's names as the JSON text they are stored as: a few kinds and
# states name every row of a page, so ``list_rows`` decodes each text once, not per row.
NAMES_AS_TEXT = {
    "kind_name_text": Cast("kind__name", TextField()),
    "state_name_text": Cast("state__name", TextField()),
}


def _named_by(model: Any, column: str, key: str) -> Subquery:
    """``column`` of the ``model`` row the project's ``key`` names, as a subquery of the
    row: a join for each would make PostgreSQL plan a join of seven tables on every read
    (several milliseconds for a delegate, whose visibility rule takes custom plans), for
    tables of a few dozen rows."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(column))


def _when_set(key: str, value: Any) -> Case:
    """``value`` when the project's ``key`` is set, else NULL, without reading for it."""
    return Case(
        When(**{f"{key}__isnull": False}, then=value), default=None, output_field=value.output_field
    )


def _list_page_query(projects: QuerySet[Project]) -> QuerySet[Any]:
    """The visible, filtered ``projects`` newest first with the list's columns
    (``LIST_COLUMNS``) and how many there are in all (``total``, each row's last column):
    the count and the page in one statement."""
    body = (
        Organisation.objects.filter(pk=OuterRef("target_body_id"))
        .order_by()
        .values(named=JSONArray("acronym", "name", "slug"))
    )
    return (
        projects.annotate(
            economy_code=_named_by(Economy, "code", "proposing_economy_id"),
            forum_abbreviation=_named_by(Forum, "abbreviation", "responsible_forum_id"),
            body=_when_set("target_body_id", Subquery(body, output_field=JSONField())),
            stage_code=_when_set("stage_id", _named_by(StandardStage, "code", "stage_id")),
            **NAMES_AS_TEXT,
            total=Subquery(counting(projects)),
        )
        .order_by(*NEWEST_FIRST)
        .values_list(*LIST_COLUMNS)
    )


LIST_COLUMNS = (
    "pk", "title", "body_reference", "economy_code", "forum_abbreviation", "body", "stage_code",
    *NAMES_AS_TEXT, "total",
)  # fmt: skip


def _page_details_query(ids: tuple[int, ...], today: str) -> QuerySet[Any]:
    """What the list shows of the projects ``ids`` besides their own columns, and the
    filters' choices, in one query (one round trip, not four): rows of (project id, part,
    rank, text, three figures, JSON, label), the part ``DETAIL_PARTS``' index: each active
    co-sponsor's economy code and each co-owning forum's abbreviation (text), ranked in the
    order the list shows them (when the co-sponsors joined; the fora's slugs), the
    milestones' ``_milestone_counts`` (the figures); sorted by project, part and rank; then
    the choices (no project): value (text), name (JSON), plain label, the filter's place
    in ``CHOICE_FILTERS`` (the first figure) and position (rank), as
    ``_filter_choices_query`` reads them. Read for the page's rows, a set at a time: as
    subqueries of each row they cost PostgreSQL twice as much. For PostgreSQL, where each
    query is a round trip: SQLite runs the parts for less on their own
    (``_page_details``)."""
    # Typed: PostgreSQL takes the first parts' bare NULLs for text.
    no_text, no_figure = Cast(Value(None), CharField()), Cast(Value(None), IntegerField())
    no_json = Cast(Value(None), JSONField())
    columns = (
        "project_id", "part", "rank", "text", "counted", "done", "overdue", "json", "label"
    )  # fmt: skip
    none_of_a_choice = {"json": no_json, "label": no_text}

    def part(name: str) -> Value:
        return Value(DETAIL_PARTS.index(name), IntegerField())

    def ranked(*order_by: Any) -> Window:
        return Window(RowNumber(), partition_by=[F("project_id")], order_by=order_by)

    cosponsors = (
        Cosponsorship.objects.filter(project_id__in=ids, withdrawn_at__isnull=True)
        .order_by()
        .annotate(
            part=part("cosponsors"),
            rank=ranked(F("given_at").asc(), F("pk").asc()),
            text=F("economy__code"),
            counted=no_figure,
            done=no_figure,
            overdue=no_figure,
            **none_of_a_choice,
        )  # fmt: skip
        .values_list(*columns)
    )
    co_owning = (
        Project.co_owning_fora.through.objects.filter(project_id__in=ids)
        .order_by()
        .annotate(
            part=part("co_owning"),
            rank=ranked(F("forum__slug").asc()),
            text=F("forum__abbreviation"),
            counted=no_figure,
            done=no_figure,
            overdue=no_figure,
            **none_of_a_choice,
        )  # fmt: skip
        .values_list(*columns)
    )
    figures = (
        Milestone.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(
            part=part("progress"),
            rank=Value(0, IntegerField()),
            text=no_text,
            **_milestone_counts(today),
            **none_of_a_choice,
        )  # fmt: skip
        .values_list(*columns)
    )
    choices = [
        choice.annotate(
            project_id=Cast(Value(None), IntegerField()),
            part=part("choices"),
            rank=position,
            text=F(value),
            counted=place,
            done=no_figure,
            overdue=no_figure,
            json=F("name"),
            label=no_text if label is None else label,
        ).values_list(*columns)
        for choice, value, label, place, position in _choice_parts()
    ]
    return cosponsors.union(co_owning, figures, *choices, all=True).order_by(
        "project_id", "part", "rank"
    )


DETAIL_PARTS = ("cosponsors", "co_owning", "progress", "choices")
# The driver's values as they are (ints and text): the ORM's converters would call a
# function per integer cell.
_PAGE_DETAILS = Prepared(_page_details_query, "ids", "today", convert=False)
# The same parts read on their own (SQLite), each sorted as the list shows it.
_COSPONSOR_CODES = Prepared(
    lambda ids: (
        Cosponsorship.objects.filter(project_id__in=ids, withdrawn_at__isnull=True)
        .order_by("given_at", "pk")
        .values_list("project_id", "economy__code")
    ),
    "ids",
)
_CO_OWNING_ABBREVIATIONS = Prepared(
    lambda ids: (
        Project.co_owning_fora.through.objects.filter(project_id__in=ids)
        .order_by("forum__slug")
        .values_list("project_id", "forum__abbreviation")
    ),
    "ids",
)

PageDetails = dict[int, tuple[list[str], list[str], Progress]]
Choices = dict[str, list[tuple[Any, ...]]]  # per filter, (value, label) each


def _page_details(ids: tuple[int, ...], today: date) -> tuple[PageDetails, Choices]:
    """Per project of ``ids``: its active co-sponsors' codes and co-owning fora's
    abbreviations, in the list's order, and its progress; and the filters' choices
    (``filter_choices``). One query on PostgreSQL (``_page_details_query``), four on
    SQLite, where a query is no round trip and the compound one cost more than its
    parts."""
    details: PageDetails = {pk: ([], [], Progress()) for pk in ids}
    if ids and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        rows = _PAGE_DETAILS.rows(ids=ids, today=today.isoformat())
        cosponsors_part, progress_part, choices_part = (
            DETAIL_PARTS.index(p) for p in ("cosponsors", "progress", "choices")
        )
        choices = []
        for project_id, part, rank, text, counted, done, overdue, name, label in rows:
            if part == choices_part:  # value, name, label, place, position
                choices.append((text, json.loads(name), label, counted, rank))
                continue
            found = details[project_id]
            if part == progress_part:
                details[project_id] = (found[0], found[1], Progress(counted, done, overdue))
            else:  # in order
                (found[0] if part == cosponsors_part else found[1]).append(text)
        return details, _choices(choices)
    for project_id, code in _COSPONSOR_CODES.rows(ids=ids):
        details[project_id][0].append(code)
    for project_id, abbreviation in _CO_OWNING_ABBREVIATIONS.rows(ids=ids):
        details[project_id][1].append(abbreviation)
    for project_id, figures in progress_of(list(ids), today).items():
        details[project_id] = (*details[project_id][:2], figures)
    return details, filter_choices()


FORUM_PAGE_COLUMNS = ("pk", "title", "kind__name", "state__name", "responsible_forum_id")
NEWEST_FIRST = ("-created_at", "-pk")

# What a read of the visible, filtered projects gives: how many there are, or a page of
# them with the list's (and the total, ``_list_page_query``) or the forum page's columns.
_SHAPES: dict[str, Callable[[QuerySet[Project]], QuerySet[Any]]] = {
    "count": counting,
    "list": _list_page_query,
    "forum": lambda projects: projects.order_by(*NEWEST_FIRST).values_list(*FORUM_PAGE_COLUMNS),
}
# Per shape and combination of the filters given (each a string the SQL compares), one
# prepared read; the viewer's facts choose the SQL's shape.
_VISIBLE_READS: dict[tuple[str, tuple[str, ...]], Prepared[Any]] = {}


def _visible_query(
    shape: str, secretariat: bool, member: bool, forum_ids: tuple[int, ...], **filters: str
) -> QuerySet[Any]:
    rule = rule_for(secretariat, member, forum_ids)
    projects = Project.objects.all() if rule is None else Project.objects.filter(rule)
    return _SHAPES[shape](filtered(projects, filters))


class VisibleList:
    """The projects the viewer may see that match ``filters`` (``normalised``), newest
    first, with the list's (or the forum page's) columns, as ``Paginator`` reads them:
    ``count()`` counts them and a slice reads those rows (their SQL built once per process
    and shape, the page's bounds its parameters). Visibility and filters apply before the
    counting and the cutting, so the count and the pages only ever hold what the viewer may
    see; only the page's rows are read. The list's rows carry the count (``total``): with
    ``expected`` (the slice the page asked for will read, as ``Paginator`` cuts it),
    ``count()`` reads that page with the count, one statement for both, and the slice is
    then the rows read; a page beyond the last reads the count alone. (Not a ``Sequence``:
    its ``count()`` counts the rows, as a queryset's does, which is what ``Paginator``
    asks.)"""

    def __init__(
        self,
        principal: "Principal",
        filters: dict[str, str],
        columns: str = "list",
        *,
        expected: slice | None = None,
    ) -> None:
        self._given = tuple(name for name in FILTERS if filters.get(name))
        self._columns = columns
        forum_ids = tuple(sorted(principal.forum_ids))
        self._arguments: dict[str, Any] = {
            "secretariat": principal.is_secretariat,
            "member": bool(forum_ids),
            "forum_ids": forum_ids or (0,),  # not in the SQL when ``member`` is false
            **{name: filters[name] for name in self._given},
        }
        self._expected = expected if columns == "list" else None
        self._count: int | None = None
        self._read_ahead: tuple[int, list[tuple[Any, ...]]] | None = None

    def _read(self, shape: str) -> Prepared[Any]:
        read = _VISIBLE_READS.get((shape, self._given))
        if read is None:
            names = ("secretariat", "member", "forum_ids", *self._given)
            # The list's rows as the driver gives them: ``list_rows_and_choices`` decodes
            # the two JSON columns itself (the ORM's converters call a function per cell).
            read = Prepared(partial(_visible_query, shape), *names, convert=shape != "list")
            _VISIBLE_READS[(shape, self._given)] = read
        return read

    def count(self) -> int:
        if self._count is None and self._expected is not None:
            start, stop = self._expected.start or 0, self._expected.stop
            rows = self._read("list").page(start, stop, **self._arguments)
            if rows:
                self._count = rows[0][-1]
                self._read_ahead = (start, rows)
            elif start == 0:
                self._count = 0
        if self._count is None:
            rows = self._read("count").rows(**self._arguments)
            self._count = rows[0][0] if rows else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, ...]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("The visible projects are read a page at a time, in order.")
        if self._read_ahead is not None:
            first, rows = self._read_ahead
            if first == start and len(rows) == stop - start:
                return rows
        return self._read(self._columns).page(start, max(start, stop), **self._arguments)


FORUM_PAGE_LIMIT = 10  # the latest; the list, filtered by the forum, has them all


def forum_page_reads(secretariat: bool, forum_ids: tuple[int, ...]) -> dict[str, Any]:
    """What the forum page shows of the projects the forum owns or co-owns that the viewer
    may see, read with the forum's row (``registry.forum_sections.ReadWithForum``): how many
    there are in all (``projects_total``) and the latest (``projects_latest``: pk, title,
    kind name, state name, responsible forum id each, ``FORUM_PAGE_COLUMNS``). The projects
    are the list's filtered by the forum (``owned_by_the_row``), so the total is what the
    linked list shows.

    A member of the forum may see every project it owns (``rule_for``: it owns them), so
    when the forum is one of the viewer's the database reads them without the rule: for a
    delegate of the forum it was half the count's time (every owned project joined to its
    state and looked up among the viewer's fora's co-owned). Elsewhere the rule applies."""
    rule = rule_for(secretariat, bool(forum_ids), forum_ids)
    projects = Project.objects.all() if rule is None else Project.objects.filter(rule)
    total: Any = Subquery(counting(projects.filter(owned_by_the_row())))
    latest: Any = _latest(projects)
    if rule is not None and forum_ids:
        one_of_theirs = Q(pk__in=forum_ids)  # the forum's row
        owned = Project.objects.filter(owned_by_the_row())
        total = Case(When(one_of_theirs, then=Subquery(counting(owned))), default=total)
        latest = Case(
            When(one_of_theirs, then=_latest(Project.objects.all())),
            default=latest,
            output_field=JSONField(),
        )
    return {"projects_total": total, "projects_latest": latest}


def _latest(projects: QuerySet[Project]) -> JSONRows:
    """The latest of ``projects`` the row's forum owns, its co-owner looked up per project
    read (``owned_by_the_row``)."""
    owned = projects.filter(owned_by_the_row(per_row=True))
    return JSONRows(owned, FORUM_PAGE_COLUMNS, NEWEST_FIRST, FORUM_PAGE_LIMIT)


FORUM_PAGE_READS = ("projects_total", "projects_latest")


def owned_by_the_row(per_row: bool = False) -> Q:
    """The list's ``forum`` filter (``filtered``) for the forum of the row a subquery reads
    with (``OuterRef("pk")``), by its id: by the slug, each project was joined to its
    responsible forum, and each co-owner to its forum, to compare slugs. A co-owner is
    asked for with ``EXISTS``, which the database answers from one hashed set of the
    forum's co-owned projects: right where it reads them all (the count). ``per_row``: as a
    value looked up for each project read, from the pair's index, for a read that stops
    after a few (the latest ten), where building that set was half the read's time
    (PostgreSQL hashed it whenever its plan expected many rows, the cut aside)."""
    co_owning = Project.co_owning_fora.through.objects.filter(
        forum_id=OuterRef(OuterRef("pk")), project_id=OuterRef("pk")
    )
    if per_row:
        co_owned = Q(IsNull(Subquery(co_owning.values("project_id")[:1]), False))
    else:
        co_owned = Q(Exists(co_owning))
    return Q(responsible_forum_id=OuterRef("pk")) | co_owned


def forum_page_rows(read: dict[str, Any]) -> tuple[list[tuple[Any, ...]], int]:
    """``forum_page_reads``' values as the latest rows (their JSON columns decoded) and the
    total."""
    rows = ranked_rows(read["projects_latest"], None, json_value, json_value, json_value, None)
    return rows, read["projects_total"] or 0


def list_rows(page_values: list[tuple[Any, ...]], today: date) -> list[ListRow]:
    """A page of ``VisibleList`` (``LIST_COLUMNS``) with each project's co-sponsors,
    co-owning fora and progress (``_page_details``), whatever the page's size."""
    return list_rows_and_choices(page_values, today)[0]


def list_rows_and_choices(
    page_values: list[tuple[Any, ...]], today: date
) -> tuple[list[ListRow], Choices]:
    """``list_rows`` and ``filter_choices``, read together (on PostgreSQL in one query).
    ``page_values`` as the database gives them: the title and the standards body are JSON
    text."""
    details, choices = _page_details(tuple(values[0] for values in page_values), today)
    decoded: dict[str, Any] = {}  # a kind's or state's name, from its JSON text

    def named(text: str) -> Any:
        found = decoded.get(text)
        if found is None:
            found = decoded[text] = json.loads(text)
        return found

    rows = []
    for (
        pk,
        title,
        reference,
        economy,
        forum,
        body,
        stage,
        kind_text,
        state_text,
        _total,
    ) in page_values:
        target_body = ""
        if body and (body := json.loads(body))[2]:  # as ``Organisation.__str__`` names it
            acronym, name, slug = body
            target_body = acronym or resolve(json_value(name), "en").text or slug
        cosponsors, co_owning, figures = details[pk]
        rows.append(ListRow(pk, json.loads(title), named(kind_text), named(state_text),
                            economy, forum, target_body, reference, stage or "",
                            cosponsors, co_owning, figures))  # fmt: skip
    return rows, choices


CHOICE_FILTERS = ("kind", "state", "forum", "economy")


def _filter_choices_query() -> QuerySet[Any]:
    """Every filter's choices in one query (one round trip, not four): (value, name, plain
    label, filter's place in ``CHOICE_FILTERS``, position) each, the name a translated
    value for kinds, states and economies and the plain label a forum's abbreviation. The
    parts are unordered (SQLite orders no part of a compound query): ``filter_choices``
    sorts them as each table's own order had them."""
    no_label = Value(None, CharField())
    kinds, states, fora, economies = (
        choice.annotate(
            plain_label=no_label if label is None else label, place=place, position=position
        ).values_list(value, "name", "plain_label", "place", "position")
        for choice, value, label, place, position in _choice_parts()
    )
    return kinds.union(states, fora, economies, all=True)


def _choice_parts() -> list[tuple[QuerySet[Any], str, F | None, Value, Any]]:
    """Each filter's choices, in ``CHOICE_FILTERS``' order: the rows (unordered), the column
    of their value, of their plain label (None: their name is the label), the filter's
    place and each row's position (the states': their place in the lifecycle)."""
    first = Value(0, IntegerField())  # the position of each but a state

    def place(filter_name: str) -> Value:
        return Value(CHOICE_FILTERS.index(filter_name), IntegerField())

    return [
        (ProjectKind.objects.order_by(), "slug", None, place("kind"), first),
        (
            LifecycleState.objects.filter(kind__slug="joint-research").order_by(),
            "slug",
            None,
            place("state"),
            F("order"),
        ),  # fmt: skip
        (
            Forum.objects.filter(is_active=True).order_by(),
            "slug",
            F("abbreviation"),
            place("forum"),
            first,
        ),  # fmt: skip
        (Economy.objects.order_by(), "code", None, place("economy"), first),
    ]


_FILTER_CHOICES = Prepared(_filter_choices_query)


def filter_choices() -> Choices:
    """The list's filters' choices, (value, label) each: the kinds, the default lifecycle's
    states, the active fora (their abbreviations), the economies, each in its table's order
    (by slug or code; states by their place in the lifecycle, then slug)."""
    return _choices(_FILTER_CHOICES.rows())


def _choices(rows: list[tuple[Any, ...]]) -> Choices:
    """``filter_choices`` from the rows ``_filter_choices_query`` reads, in any order."""
    found: Choices = {name: [] for name in CHOICE_FILTERS}
    for value, name, label, place, _position in sorted(
        rows, key=lambda row: (row[3], row[4], row[0])
    ):
        found[CHOICE_FILTERS[place]].append((value, name if label is None else label))
    return found


FILTERS = ("kind", "state", "forum", "economy", "body")


def normalised(filters: dict[str, str]) -> dict[str, str]:
    """The filters given, as ``filtered`` compares them (economy codes in upper case)."""
    found = {name: filters[name] for name in FILTERS if filters.get(name)}
    if "economy" in found:
        found["economy"] = found["economy"].upper()
    return found


def filtered(projects: QuerySet[Project], filters: dict[str, str]) -> QuerySet[Project]:
    """The list's filters (``normalised``), each a slug or code; unknown values simply match
    nothing."""
    if filters.get("kind"):
        projects = projects.filter(kind__slug=filters["kind"])
    if filters.get("state"):
        projects = projects.filter(state__slug=filters["state"])
    if filters.get("forum"):
        slug = filters["forum"]
        projects = projects.filter(
            Q(responsible_forum__slug=slug)
            | Q(pk__in=Project.co_owning_fora.through.objects.filter(forum__slug=slug).values(
                "project_id"))
        )  # fmt: skip
    if filters.get("economy"):
        code = filters["economy"]  # upper-case (``normalised``)
        projects = projects.filter(
            Q(proposing_economy__code=code)
            | Q(pk__in=active_cosponsorships().filter(economy__code=code).values("project_id"))
        )
    if filters.get("body"):
        projects = projects.filter(target_body__slug=filters["body"])
    return projects


def progress(done: int, total: int) -> int:
    """Per cent of the milestones done (cancelled ones do not count)."""
    return round(100 * done / total) if total else 0


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    cosponsors: list[Cosponsorship]
    withdrawn_cosponsors: list[Cosponsorship]
    milestones: list[Milestone]
    deliverables: list[Deliverable]
    paragraphs: list[ParagraphLink]
    history: list[StateChange]
    stages: list[StageChange]
    transitions: list[LifecycleTransition]
    progress: int


def detail(principal: "Principal", project: Project) -> ProjectDetail:
    """Everything the project page shows, in a constant number of queries. Deliverables are
    the documents the viewer may see."""
    sponsorships = list(
        project.cosponsorships.select_related("economy", "given_by").order_by("given_at", "pk")
    )
    milestones = list(project.milestones.all())
    counted = [m for m in milestones if m.state != MilestoneState.CANCELLED]
    done = sum(1 for m in counted if m.state == MilestoneState.DONE)
    visible_documents = meeting_selectors.documents_visible_to(principal).values("pk")
    return ProjectDetail(
        project=project,
        cosponsors=[s for s in sponsorships if s.withdrawn_at is None],
        withdrawn_cosponsors=[s for s in sponsorships if s.withdrawn_at is not None],
        milestones=milestones,
        deliverables=list(
            project.deliverables.filter(document_id__in=visible_documents).select_related(
                "document", "document__meeting"
            )
        ),
        paragraphs=list(project.paragraphs.select_related("text")),
        history=list(project.state_changes.select_related("source", "target")),
        stages=list(project.stage_changes.select_related("stage")),
        transitions=list(
            LifecycleTransition.objects.filter(source_id=project.state_id).select_related("target")
        ),
        progress=progress(done, len(counted)),
    )


def rounds_visible_to(principal: "Principal") -> QuerySet[ScoringRound]:
    rounds = ScoringRound.objects.select_related("forum")
    if principal.is_secretariat:
        return rounds
    return rounds.filter(forum_id__in=sorted(principal.forum_ids))


def scores_visible_to(principal: "Principal", scoring_round: ScoringRound) -> QuerySet[Score]:
    """Every score once the round is closed; until then only the viewer's own."""
    scores = Score.objects.filter(round=scoring_round).select_related("scorer", "criterion")
    if scoring_round.state == RoundState.CLOSED:
        return scores
    if principal.person_id is None:
        return scores.none()
    return scores.filter(scorer_id=principal.person_id)


@dataclass(frozen=True)
class RankedProject:
    project: Project
    mean_total: Decimal
    scorers: int


def ranking(scoring_round: ScoringRound) -> list[RankedProject]:
    """The closed round's projects by their mean total (a scorer's total is the sum of their
    marks over the criteria), best first; projects nobody scored come last."""
    totals: dict[int, dict[int, int]] = {}
    for project_id, scorer_id, value in Score.objects.filter(round=scoring_round).values_list(
        "project_id", "scorer_id", "value"
    ):
        per_scorer = totals.setdefault(project_id, {})
        per_scorer[scorer_id] = per_scorer.get(scorer_id, 0) + value
    ranked = []
    for project in scoring_round.projects.select_related("state", "kind", "proposing_economy"):
        per_scorer = totals.get(project.pk, {})
        mean = (
            (Decimal(sum(per_scorer.values())) / len(per_scorer)).quantize(Decimal("0.01"))
            if per_scorer
            else Decimal(0)
        )
        ranked.append(RankedProject(project=project, mean_total=mean, scorers=len(per_scorer)))
    return sorted(ranked, key=lambda r: (-r.mean_total, r.project.pk))


def scorer_count(scoring_round: ScoringRound) -> int:
    """How many people have scored so far (shown while the round is open; not who)."""
    return Score.objects.filter(round=scoring_round).values("scorer_id").distinct().count()


def overdue_milestones(today: date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        state__in=sorted(MilestoneState.open_states()), due_on__lt=today
    ).select_related("project", "project__overseer", "project__responsible_forum")
