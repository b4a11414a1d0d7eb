"""The projects list's filters and their choices, read in one query, with what names the
list's rows: each economy's code, forum's abbreviation, kind's and state's name by id.

They are the kinds', states', fora's and economies' own, which no project write changes:
kept in the process under those tables' cache tokens (``CHOICE_TOKENS``, read with the
list's own), and read again when one is renewed (ADR 0028)."""

import json
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import (
    CharField,
    F,
    IntegerField,
    QuerySet,
    Value,
)

from secretariat.core import cache_tokens
from secretariat.core.prepared import Prepared
from secretariat.registry.models import Economy, Forum

from ..models import (
    LifecycleState,
    ProjectKind,
)

if TYPE_CHECKING:
    pass

# Renewed by every change to a kind, a lifecycle state or transition (the admin) and by
# the defaults' installation: the kept choices and the cached list pages name them.
LIFECYCLES_TOKEN = "projects:lifecycles"
# What the choices and names are read from; the registry's writes renew the fora's and the
# economies' tokens.
CHOICE_TOKENS = (cache_tokens.rows_of(Forum), cache_tokens.rows_of(Economy), LIFECYCLES_TOKEN)

Choices = dict[str, list[tuple[Any, ...]]]  # per filter, (value, label) each
# Per filter, what names a row by its id: the kinds' and states' names (translated values),
# the fora's abbreviations, the economies' codes.
Names = dict[str, dict[int, Any]]


CHOICE_FILTERS = ("kind", "state", "forum", "economy")
# The places of the rows read only for the names the list's rows show (the fora and states
# no filter offers), after the filters' own.
NAMES_ONLY = {len(CHOICE_FILTERS): "forum", len(CHOICE_FILTERS) + 1: "state"}


def _filter_choices_query() -> QuerySet[Any]:
    """Every filter's choices in one query (one round trip, not four): (value, name, id,
    plain label, filter's place in ``CHOICE_FILTERS``, position) each, the name a
    translated value for kinds, states and economies and the plain label a forum's
    abbreviation; then the fora and states no filter offers, for their names
    (``NAMES_ONLY``). The parts are unordered (SQLite orders no part of a compound query):
    ``filter_choices`` sorts them as each table's own order had them."""
    no_label = Value(None, CharField())
    first, *others = (
        choice.annotate(
            plain_label=no_label if label is None else label, place=place, position=position
        ).values_list(value, "name", "pk", "plain_label", "place", "position")
        for choice, value, label, place, position in _choice_parts()
    )
    return first.union(*others, all=True)


def _choice_parts() -> list[tuple[QuerySet[Any], str, F | None, Value, Any]]:
    """Each filter's choices, in ``CHOICE_FILTERS``' order: the rows (unordered), the column
    of their value, of their plain label (None: their name is the label), the filter's
    place and each row's position (the states': their place in the lifecycle); then, at
    the places ``NAMES_ONLY`` gives, the inactive fora and the other lifecycles' states,
    which name projects the list shows but no filter offers. Every kind and economy is a
    choice."""
    first = Value(0, IntegerField())  # the position of each but a state

    def place(filter_name: str) -> Value:
        return Value(CHOICE_FILTERS.index(filter_name), IntegerField())

    def named_only(filter_name: str) -> Value:
        (found,) = (number for number, name in NAMES_ONLY.items() if name == filter_name)
        return Value(found, IntegerField())

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
        (
            Forum.objects.filter(is_active=False).order_by(),
            "slug",
            F("abbreviation"),
            named_only("forum"),
            first,
        ),  # fmt: skip
        (
            LifecycleState.objects.exclude(kind__slug="joint-research").order_by(),
            "slug",
            None,
            named_only("state"),
            first,
        ),  # fmt: skip
    ]


# The names as the JSON text the database gives (``_decoded``): the ORM's converter would
# decode each row's on its own, a call or two more per row and one object per row.
_FILTER_CHOICES = Prepared(_filter_choices_query, convert=False)


def _decoded(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with each name decoded once per text: the lifecycles share their states'
    names, and a list's rows named by the same object have it written once."""
    decoded: dict[str, Any] = {}
    found = []
    for value, name, pk, label, place, position in rows:
        named = decoded.get(name) or decoded.setdefault(name, json.loads(name))
        found.append((value, named, pk, label, place, position))
    return found


class ChoicesAndNames(NamedTuple):
    """The filters' choices, the rows' names and every forum's slug by id (the order of a
    project's co-owning fora). Shared by the requests of a process: read, never changed."""

    choices: Choices
    names: Names
    forum_slugs: dict[int, str]


# Per state of ``CHOICE_TOKENS`` (their values, in order), what was read in it; a few
# states at most (a renewed token's old state is never asked for again).
_KEPT: dict[tuple[str, ...], ChoicesAndNames] = {}
_KEPT_AT_MOST = 8
_KEPT_LOCK = threading.Lock()


def kept_choices(tokens: Sequence[str] | None) -> ChoicesAndNames | None:
    """What was read in the state ``tokens`` (``CHOICE_TOKENS``' current values) names, if
    this process read it; None without tokens."""
    return None if tokens is None else _KEPT.get(tuple(tokens))


def choices_read(rows: list[tuple[Any, ...]], tokens: Sequence[str] | None) -> ChoicesAndNames:
    """The choices and names from ``_FILTER_CHOICES``' rows, kept for the state ``tokens``
    names (read before the rows, so a change made meanwhile renewed them after)."""
    found = ChoicesAndNames(*_choices(_decoded(rows)), forum_slugs(rows))
    if tokens is not None:
        with _KEPT_LOCK:
            if len(_KEPT) >= _KEPT_AT_MOST:
                _KEPT.clear()
            _KEPT[tuple(tokens)] = found
    return found


def filter_choices() -> Choices:
    """The list's filters' choices, (value, label) each: the kinds, the default lifecycle's
    states, the active fora (their abbreviations), the economies, each in its table's order
    (by slug or code; states by their place in the lifecycle, then slug)."""
    return _choices(_decoded(_FILTER_CHOICES.rows()))[0]


def forum_slugs(rows: list[Any]) -> dict[int, str]:
    """Every forum's slug by id, from the rows ``_filter_choices_query`` reads: the order in
    which a project's co-owning fora are listed."""
    fora = {CHOICE_FILTERS.index("forum"), *(p for p, n in NAMES_ONLY.items() if n == "forum")}
    return {row[2]: row[0] for row in rows if row[4] in fora}


def _choices(rows: list[tuple[Any, ...]]) -> tuple[Choices, Names]:
    """``filter_choices`` and ``Names`` from the rows ``_filter_choices_query`` reads
    (value, name, id, plain label, place, position), in any order."""
    found: Choices = {name: [] for name in CHOICE_FILTERS}
    names: Names = {name: {} for name in CHOICE_FILTERS}
    choices = []
    for row in rows:
        value, name, pk, label, place, _position = row
        if place in NAMES_ONLY:
            names[NAMES_ONLY[place]][pk] = name if label is None else label
        else:
            choices.append(row)
    for value, name, pk, label, place, _position in sorted(
        choices, key=lambda row: (row[4], row[5], row[0])
    ):
        found[CHOICE_FILTERS[place]].append((value, name if label is None else label))
        # What names a row: an economy by its code, a forum by its abbreviation.
        names[CHOICE_FILTERS[place]][pk] = value if place == _ECONOMY else (
            name if label is None else label
        )  # fmt: skip
    return found, names


_ECONOMY = CHOICE_FILTERS.index("economy")
