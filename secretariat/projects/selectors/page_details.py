"""The project list's page details: what the list shows of a page's projects besides their
own columns (co-sponsors, co-owning fora, progress), with the filters' choices and the
names of the rows' economies, fora, kinds and states, in one query on PostgreSQL."""

import json
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, F, IntegerField, JSONField, QuerySet, Value, Window
from django.db.models.functions import Cast, RowNumber

from secretariat.core.prepared import Prepared

from ..models import Cosponsorship, Milestone, Project
from . import Progress, _milestone_counts, progress_of
from .filter_choices import (
    NAMES_ONLY,
    Choices,
    Names,
    _choice_parts,
    _choices,
    filter_choices_and_names,
)


def _page_details_query(ids: tuple[int, ...], today: str) -> QuerySet[Any]:
    """What the list shows of the projects ``ids`` besides their own columns, and the
    filters' choices, in one query (one round trip, not four): rows of (project id, part,
    rank, text, three figures, JSON, label), the part ``DETAIL_PARTS``' index: each active
    co-sponsor's economy code and each co-owning forum's abbreviation (text), ranked in the
    order the list shows them (when the co-sponsors joined; the fora's slugs), the
    milestones' ``_milestone_counts`` (the figures), in no order (sorting the union cost
    PostgreSQL a seventh of the statement: ``_page_details`` puts each in its rank); then
    the choices (no project): value (text), name (JSON), plain label, the filter's place
    in ``CHOICE_FILTERS`` (the first figure), id (the second) and position (rank), as
    ``_filter_choices_query`` reads them, with the fora and states only read for their
    names (``NAMES_ONLY``). Read for the page's rows, a set at a time: as
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
            done=F("pk"),
            overdue=no_figure,
            json=F("name"),
            label=no_text if label is None else label,
        ).values_list(*columns)
        for choice, value, label, place, position in _choice_parts()
    ]
    return cosponsors.union(co_owning, figures, *choices, all=True)


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


def _page_details(ids: tuple[int, ...], today: date) -> tuple[PageDetails, Choices, Names]:
    """Per project of ``ids``: its active co-sponsors' codes and co-owning fora's
    abbreviations, in the list's order, and its progress; and the filters' choices with
    the names of the rows' economies, fora, kinds and states (``filter_choices_and_names``).
    One query on PostgreSQL (``_page_details_query``), four on SQLite, where a query is no
    round trip and the compound one cost more than its parts."""
    details: PageDetails = {pk: ([], [], Progress()) for pk in ids}
    if ids and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        rows = _PAGE_DETAILS.rows(ids=ids, today=today.isoformat())
        cosponsors_part, progress_part, choices_part = (
            DETAIL_PARTS.index(p) for p in ("cosponsors", "progress", "choices")
        )
        choices = []
        named_only: Names = {"forum": {}, "state": {}}
        # Each name decoded once per text: the lifecycles share their states' names, and a
        # row's kind or state named by the same object is written once (``list_rows_html``).
        decoded: dict[str, Any] = {}
        later: list[tuple[int, int, int, str]] = []  # a co-sponsor or forum before its turn
        for project_id, part, rank, text, counted, done, overdue, name, label in rows:
            if part == choices_part:  # value, name, id, label, place, position
                if counted in NAMES_ONLY:
                    if NAMES_ONLY[counted] == "forum":
                        named_only["forum"][done] = label
                        continue
                    state = decoded.get(name) or decoded.setdefault(name, json.loads(name))
                    named_only["state"][done] = state
                    continue
                named = decoded.get(name) or decoded.setdefault(name, json.loads(name))
                choices.append((text, named, done, label, counted, rank))
                continue
            found = details[project_id]
            if part == progress_part:
                details[project_id] = (found[0], found[1], Progress(counted, done, overdue))
                continue
            shown = found[0] if part == cosponsors_part else found[1]
            if rank == len(shown) + 1:  # the next in the list's order, as they mostly come
                shown.append(text)
            else:
                later.append((project_id, part, rank, text))
        # Ranked 1, 2… per project: what came before the rank its list had reached.
        for project_id, part, _rank, text in sorted(later):
            found = details[project_id]
            (found[0] if part == cosponsors_part else found[1]).append(text)
        found_choices, names = _choices(choices)
        names["forum"].update(named_only["forum"])
        names["state"].update(named_only["state"])
        return details, found_choices, names
    for project_id, code in _COSPONSOR_CODES.rows(ids=ids):
        details[project_id][0].append(code)
    for project_id, abbreviation in _CO_OWNING_ABBREVIATIONS.rows(ids=ids):
        details[project_id][1].append(abbreviation)
    for project_id, figures in progress_of(list(ids), today).items():
        details[project_id] = (*details[project_id][:2], figures)
    return details, *filter_choices_and_names()
