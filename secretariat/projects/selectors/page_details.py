"""The project list's page details: what the list shows of a page's projects besides their
own columns (co-sponsors, co-owning fora, progress), read with the page on PostgreSQL, with
the filters' choices and the names of the rows' economies, fora, kinds and states."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)

from secretariat.core.prepared import Prepared

from ..models import Cosponsorship, Milestone, Project
from . import Progress, _milestone_counts, progress_of
from .filter_choices import (
    _FILTER_CHOICES,
    Choices,
    Names,
    choices_read,
    kept_choices,
)


def details_columns(today: str) -> dict[str, Any]:
    """What the list shows of a project besides its own columns, as columns of its row:
    its active co-sponsors' economy ids in the order they joined, its co-owning fora's ids
    in any order, its ``_milestone_counts`` as one array; each list read by the project's
    own index, as a subquery of its row. On PostgreSQL the page's statement reads them
    (``listing._list_page_query``): PostgreSQL computes them after the page is cut, for its
    rows only, and a second statement for them cost a round trip and its own lookups of
    the fifty projects. ``_page_details`` names the co-sponsors and fora from the filters'
    choices and sorts the fora by slug: a join to the economies and fora in each subquery,
    or a part per list ranked by ``ROW_NUMBER``, cost PostgreSQL more and gave twice the
    rows. SQLite reads the parts for less on their own (``_page_details``)."""
    ids_type: ArrayField[Any, Any] = ArrayField(BigIntegerField())
    return {
        "cosponsors": ArraySubquery(
            Cosponsorship.objects.filter(project_id=OuterRef("pk"), withdrawn_at__isnull=True)
            .order_by("given_at", "pk")
            .values("economy_id")
        ),
        "co_owning": ArraySubquery(
            Project.co_owning_fora.through.objects.filter(project_id=OuterRef("pk"))
            .order_by()
            .values("forum_id")
        ),
        "figures": Subquery(_figures(today), output_field=ids_type),
    }


def no_details_columns() -> dict[str, Any]:
    """``details_columns``' places, empty (SQLite: ``_page_details`` reads them)."""
    return {name: Value(None, IntegerField()) for name in ("cosponsors", "co_owning", "figures")}


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


_BY_IDS_COLUMNS = ("pk", "cosponsors", "co_owning", "figures")
# A later page's details (PostgreSQL): its first page's statement carries them.
_DETAILS_BY_IDS = Prepared(
    lambda ids, today: (
        Project.objects.filter(pk__in=ids)
        .order_by()
        .annotate(**details_columns(today))
        .values_list(*_BY_IDS_COLUMNS)
    ),
    "ids",
    "today",
    convert=False,
)
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


def _page_details(
    ids: tuple[int, ...],
    today: date,
    choice_tokens: Sequence[str] | None = None,
    read: list[tuple[Any, ...]] | None = None,
) -> tuple[PageDetails, Choices, Names]:
    """Per project of ``ids``: its active co-sponsors' codes and co-owning fora's
    abbreviations, in the list's order, and its progress; and the filters' choices with
    the names of the rows' economies, fora, kinds and states (``ChoicesAndNames``), as
    this process read them in the state ``choice_tokens`` names, else read now (and kept
    for it). ``read``: the details as the page's statement read them (PostgreSQL's first
    page, ``details_columns``: id, co-sponsors, co-owning fora, figures each); without
    them, one query on PostgreSQL, three on SQLite."""
    details: PageDetails = {pk: ([], [], Progress()) for pk in ids}
    kept = kept_choices(choice_tokens) or choices_read(_FILTER_CHOICES.rows(), choice_tokens)
    if read is None and ids and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        read = _DETAILS_BY_IDS.rows(ids=ids, today=today.isoformat())
    if read is not None:
        codes, abbreviations = kept.names["economy"], kept.names["forum"]
        for project_id, cosponsors, co_owning, figures in read:
            if len(co_owning) > 1:  # as the list shows them: by slug
                co_owning.sort(key=kept.forum_slugs.__getitem__)
            details[project_id] = (
                [codes[economy_id] for economy_id in cosponsors],
                [abbreviations[forum_id] for forum_id in co_owning],
                Progress(*figures),
            )
    elif ids:
        for project_id, code in _COSPONSOR_CODES.rows(ids=ids):
            details[project_id][0].append(code)
        for project_id, abbreviation in _CO_OWNING_ABBREVIATIONS.rows(ids=ids):
            details[project_id][1].append(abbreviation)
        for project_id, figures in progress_of(list(ids), today).items():
            details[project_id] = (*details[project_id][:2], figures)
    return details, kept.choices, kept.names
