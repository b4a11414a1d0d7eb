"""The project list's page details: what the list shows of a page's projects besides their
own columns (co-sponsors, co-owning fora, progress), with the filters' choices and the
names of the rows' economies, fora, kinds and states, in one query on PostgreSQL."""

from datetime import date
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    CharField,
    F,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast

from secretariat.core.prepared import Prepared

from ..models import Cosponsorship, Milestone, Project
from . import Progress, _milestone_counts, progress_of
from .filter_choices import (
    Choices,
    Names,
    _choice_parts,
    _choices,
    _decoded,
    filter_choices_and_names,
    forum_slugs,
)


def _page_details_query(ids: tuple[int, ...], today: str) -> QuerySet[Any]:
    """What the list shows of the projects ``ids`` besides their own columns, and the
    filters' choices, in one query (one round trip, not four): a row per project of
    (project id, its active co-sponsors' economy ids in the order they joined, its
    co-owning fora's ids in any order, its ``_milestone_counts`` as one array), each list
    read by the project's own index, as subqueries of its row; then the choices (no
    project): value, name (JSON), id, plain label, the filter's place in
    ``CHOICE_FILTERS``, position, as ``_filter_choices_query`` reads them, with the fora and
    states only read for their names (``NAMES_ONLY``). ``_page_details`` names the
    co-sponsors and fora from the choices and sorts the fora by slug: a join to the
    economies and fora in each row's subqueries, or a part per list ranked by
    ``ROW_NUMBER`` (as before), cost PostgreSQL more and gave twice the rows. For
    PostgreSQL, where each query is a round trip: SQLite runs the parts for less on their
    own (``_page_details``)."""
    ids_type: ArrayField[Any, Any] = ArrayField(BigIntegerField())
    no_ids = Cast(Value(None), ids_type)  # typed: PostgreSQL takes a bare NULL for text
    projects = (
        Project.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            project_id=F("pk"),
            cosponsors=ArraySubquery(
                Cosponsorship.objects.filter(project_id=OuterRef("pk"), withdrawn_at__isnull=True)
                .order_by("given_at", "pk")
                .values("economy_id")
            ),
            co_owning=ArraySubquery(
                Project.co_owning_fora.through.objects.filter(project_id=OuterRef("pk"))
                .order_by()
                .values("forum_id")
            ),
            figures=Subquery(_figures(today), output_field=ids_type),
            value=Cast(Value(None), CharField()),
            named=Cast(Value(None), JSONField()),
            choice_id=Cast(Value(None), BigIntegerField()),
            label=Cast(Value(None), CharField()),
            place=Cast(Value(None), IntegerField()),
            position=Cast(Value(None), IntegerField()),
        )
        .values_list(*_DETAIL_COLUMNS)
    )
    choices = [
        choice.annotate(
            project_id=Cast(Value(None), BigIntegerField()),
            cosponsors=no_ids,
            co_owning=no_ids,
            figures=no_ids,
            value=F(value),
            named=F("name"),
            choice_id=F("pk"),
            label=Cast(Value(None), CharField()) if label is None else label,
            place=place,
            position=position,
        ).values_list(*_DETAIL_COLUMNS)
        for choice, value, label, place, position in _choice_parts()
    ]
    return projects.union(*choices, all=True)


_DETAIL_COLUMNS = (
    "project_id", "cosponsors", "co_owning", "figures",
    "value", "named", "choice_id", "label", "place", "position",
)  # fmt: skip


class _Array(Func):
    """``ARRAY[…]`` of its expressions: a project's milestone figures as one value."""

    template = "ARRAY[%(expressions)s]"
    output_field = ArrayField(BigIntegerField())


def _figures(today: str) -> QuerySet[Any]:
    """The milestones' ``_milestone_counts`` of the row's project, as one array (counted,
    done, overdue); zeros for a project without milestones. Grouped by a constant, which
    the ORM leaves out of the GROUP BY: one aggregate over the project's milestones."""
    counts = _milestone_counts(today)
    return (
        Milestone.objects.filter(project_id=OuterRef("pk"))
        .order_by()
        .annotate(counted_together=Value(1, IntegerField()))
        .values("counted_together")
        .annotate(figures=_Array(counts["counted"], counts["done"], counts["overdue"]))
        .values("figures")
    )


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


def _page_details(ids: tuple[int, ...], today: date) -> tuple[PageDetails, Choices, Names]:
    """Per project of ``ids``: its active co-sponsors' codes and co-owning fora's
    abbreviations, in the list's order, and its progress; and the filters' choices with
    the names of the rows' economies, fora, kinds and states (``filter_choices_and_names``).
    One query on PostgreSQL (``_page_details_query``), four on SQLite, where a query is no
    round trip and the compound one cost more than its parts."""
    details: PageDetails = {pk: ([], [], Progress()) for pk in ids}
    if ids and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        projects, choices = [], []
        for project_id, cosponsors, co_owning, figures, *choice in _PAGE_DETAILS.rows(
            ids=ids, today=today.isoformat()
        ):
            if project_id is None:
                choices.append(tuple(choice))
            else:
                projects.append((project_id, cosponsors, co_owning, figures))
        found_choices, names = _choices(_decoded(choices))
        codes, abbreviations = names["economy"], names["forum"]
        slugs: dict[int, str] | None = None  # read only for a project with several
        for project_id, cosponsors, co_owning, figures in projects:
            if len(co_owning) > 1:  # as the list shows them: by slug
                slugs = slugs or forum_slugs(choices)
                co_owning.sort(key=slugs.__getitem__)
            details[project_id] = (
                [codes[economy_id] for economy_id in cosponsors],
                [abbreviations[forum_id] for forum_id in co_owning],
                Progress(*figures),
            )
        return details, found_choices, names
    for project_id, code in _COSPONSOR_CODES.rows(ids=ids):
        details[project_id][0].append(code)
    for project_id, abbreviation in _CO_OWNING_ABBREVIATIONS.rows(ids=ids):
        details[project_id][1].append(abbreviation)
    for project_id, figures in progress_of(list(ids), today).items():
        details[project_id] = (*details[project_id][:2], figures)
    return details, *filter_choices_and_names()
