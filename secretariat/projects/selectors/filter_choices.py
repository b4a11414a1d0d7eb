"""The projects list's filters and their choices, read in one query."""

from typing import TYPE_CHECKING, Any

from django.db.models import (
    CharField,
    F,
    IntegerField,
    QuerySet,
    Value,
)

from secretariat.core.prepared import Prepared
from secretariat.registry.models import Economy, Forum

from ..models import (
    LifecycleState,
    ProjectKind,
)

if TYPE_CHECKING:
    pass

Choices = dict[str, list[tuple[Any, ...]]]  # per filter, (value, label) each


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
