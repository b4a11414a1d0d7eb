"""The projects list: the visible, filtered projects a page at a time (``VisibleList``),
with the rows' details and the filters' choices read together."""

import json
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Case,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import JSONArray
from django.utils import timezone

from secretariat.core.i18n import resolve
from secretariat.core.json_rows import json_value
from secretariat.core.prepared import Prepared, counting
from secretariat.registry.models import Organisation

from ..models import (
    Project,
    StandardStage,
)

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

from . import FILTERS, Progress, filtered, rule_for
from .filter_choices import Choices
from .page_details import _page_details, details_columns, no_details_columns


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


def _list_page_query(
    projects: QuerySet[Project], today: str | None, with_details: bool
) -> QuerySet[Any]:
    """The visible, filtered ``projects`` newest first with the list's columns
    (``LIST_COLUMNS``) and how many there are in all (``total``, each row's last column):
    the count and the page in one statement. The proposing economy, the responsible forum,
    the kind and the state by their ids: the filters' choices, read with the page's
    details, name them (``Names``). Read here, a subquery of each row for the economy's code
    and the forum's abbreviation and the kind's and state's names cast to text cost
    PostgreSQL more than half the statement (0.16 of 0.27 ms for a signed-out reader's
    page). ``with_details``, on PostgreSQL: the rows carry the page's details too
    (``details_columns``), for the first page only: PostgreSQL computes them for each row
    the scan gives, the ones an ``OFFSET`` skips too (page 7: 350 rows, not 50)."""
    body = (
        Organisation.objects.filter(pk=OuterRef("target_body_id"))
        .order_by()
        .values(named=JSONArray("acronym", "name", "slug"))
    )
    inline = with_details and _reads_details()
    details = details_columns(today or "") if inline else no_details_columns()
    return (
        projects.annotate(
            body=_when_set("target_body_id", Subquery(body, output_field=JSONField())),
            stage_code=_when_set("stage_id", _named_by(StandardStage, "code", "stage_id")),
            **details,
            total=Subquery(counting(projects)),
        )
        .order_by(*NEWEST_FIRST)
        .values_list(*LIST_COLUMNS)
    )


def _reads_details() -> bool:
    """Whether the list's rows carry their details (``details_columns``): on PostgreSQL,
    where a second statement is a round trip."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


LIST_COLUMNS = (
    "pk", "title", "body_reference", "proposing_economy_id", "responsible_forum_id", "kind_id",
    "state_id", "body", "stage_code", "cosponsors", "co_owning", "figures", "total",
)  # fmt: skip


FORUM_PAGE_COLUMNS = ("pk", "title", "kind__name", "state__name", "responsible_forum_id")
NEWEST_FIRST = ("-created_at", "-pk")

# What a read of the visible, filtered projects gives: how many there are, or a page of
# them with the list's (and the total, ``_list_page_query``) or the forum page's columns.
_SHAPES: dict[str, Callable[[QuerySet[Project], str | None], QuerySet[Any]]] = {
    "count": lambda projects, _today: counting(projects),
    "list": lambda projects, today: _list_page_query(projects, today, with_details=True),
    "list_later": lambda projects, today: _list_page_query(projects, today, with_details=False),
    "forum": lambda projects, _today: projects.order_by(*NEWEST_FIRST).values_list(
        *FORUM_PAGE_COLUMNS
    ),
}
# Per shape and combination of the filters given (each a string the SQL compares), one
# prepared read; the viewer's facts choose the SQL's shape.
_VISIBLE_READS: dict[tuple[str, tuple[str, ...]], Prepared[Any]] = {}


def _visible_query(
    shape: str,
    secretariat: bool,
    member: bool,
    forum_ids: tuple[int, ...],
    today: str | None = None,
    **filters: str,
) -> QuerySet[Any]:
    rule = rule_for(secretariat, member, forum_ids)
    projects = Project.objects.all() if rule is None else Project.objects.filter(rule)
    return _SHAPES[shape](filtered(projects, filters), today)


class VisibleList:
    """The projects the viewer may see that match ``filters`` (``normalised``), newest
    first, with the list's (or the forum page's) columns, as ``Paginator`` reads them:
    ``count()`` counts them and a slice reads those rows (their SQL built once per process
    and shape, the page's bounds its parameters). Visibility and filters apply before the
    counting and the cutting, so the count and the pages only ever hold what the viewer may
    see; only the page's rows are read. The list's rows carry the count (``total``): with
    ``expected`` (the slice the page asked for will read, as ``Paginator`` cuts it),
    ``count()`` reads that page with the count, one statement for both, and the slice is
    then the rows read; a page beyond the last reads the count alone. ``today`` (the
    list's) decides which milestones are overdue in the details the list's rows carry on
    PostgreSQL. (Not a ``Sequence``: its ``count()`` counts the rows, as a queryset's does,
    which is what ``Paginator`` asks.)"""

    def __init__(
        self,
        principal: "Principal",
        filters: dict[str, str],
        columns: str = "list",
        *,
        expected: slice | None = None,
        today: date | None = None,
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
        # Only the list's rows read it (``_shape_arguments``).
        self._today = (today or timezone.localdate()).isoformat()
        self._expected = expected if columns == "list" else None
        self._count: int | None = None
        self._read_ahead: tuple[int, list[tuple[Any, ...]]] | None = None

    def _read(self, shape: str) -> Prepared[Any]:
        read = _VISIBLE_READS.get((shape, self._given))
        if read is None:
            names = ("secretariat", "member", "forum_ids", *self._given)
            if _carries_details(shape):
                names = (*names, "today")
            # The list's rows as the driver gives them: ``list_rows_and_choices`` decodes
            # the two JSON columns itself (the ORM's converters call a function per cell).
            read = Prepared(
                partial(_visible_query, shape), *names, convert=shape not in _LIST_SHAPES
            )
            _VISIBLE_READS[(shape, self._given)] = read
        return read

    def count(self) -> int:
        if self._count is None and self._expected is not None:
            start, stop = self._expected.start or 0, self._expected.stop
            shape = _list_shape(start)
            rows = self._read(shape).page(start, stop, **self._shape_arguments(shape))
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
        shape = _list_shape(start) if self._columns == "list" else self._columns
        return self._read(shape).page(start, max(start, stop), **self._shape_arguments(shape))

    def _shape_arguments(self, shape: str) -> dict[str, Any]:
        if _carries_details(shape):
            return {**self._arguments, "today": self._today}
        return self._arguments


_LIST_SHAPES = ("list", "list_later")


def _list_shape(start: int) -> str:
    """The first page's rows carry their details; a later page's are read after them."""
    return "list" if start == 0 else "list_later"


def _carries_details(shape: str) -> bool:
    return shape == "list" and _reads_details()


def list_rows(page_values: list[tuple[Any, ...]], today: date) -> list[ListRow]:
    """A page of ``VisibleList`` (``LIST_COLUMNS``) with each project's co-sponsors,
    co-owning fora and progress (``_page_details``), whatever the page's size."""
    return list_rows_and_choices(page_values, today)[0]


def list_rows_and_choices(
    page_values: list[tuple[Any, ...]], today: date, choice_tokens: Sequence[str] | None = None
) -> tuple[list[ListRow], Choices]:
    """``list_rows`` and ``filter_choices``, read together (on PostgreSQL in one round
    trip), or the choices as this process read them in the state ``choice_tokens`` names
    (``CHOICE_TOKENS``' current values). ``page_values`` as the database gives them: the
    title and the standards body are JSON text; the economy, forum, kind and state are ids,
    named by ``Names``."""
    # Read with the page (its first, on PostgreSQL), the co-sponsors are a list, maybe empty.
    inline = bool(page_values) and page_values[0][9] is not None
    read = [(values[0], *values[9:12]) for values in page_values] if inline else None
    details, choices, names = _page_details(
        tuple(values[0] for values in page_values), today, choice_tokens, read
    )
    codes, abbreviations, kinds, states = (
        names[name] for name in ("economy", "forum", "kind", "state")
    )

    # The titles decoded in one call: fifty calls of ``json.loads`` cost more than the
    # parsing itself.
    titles = json.loads(f"[{','.join([values[1] for values in page_values])}]")
    rows = []
    for (
        pk,
        _title,
        reference,
        economy_id,
        forum_id,
        kind_id,
        state_id,
        body,
        stage,
        *_details_and_total,
    ), title in zip(page_values, titles, strict=True):
        target_body = ""
        if body and (body := json.loads(body))[2]:  # as ``Organisation.__str__`` names it
            acronym, name, slug = body
            target_body = acronym or resolve(json_value(name), "en").text or slug
        cosponsors, co_owning, figures = details[pk]
        rows.append(ListRow(pk, title, kinds[kind_id], states[state_id],
                            codes[economy_id], abbreviations[forum_id], target_body, reference,
                            stage or "", cosponsors, co_owning, figures))  # fmt: skip
    return rows, choices
