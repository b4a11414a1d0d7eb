"""Reads that depend on who asks, and the heat map in a fixed number of queries.

- Commitments: confirmed ones of the texts the reader may read; suggestions and rejected
  ones to the secretariat only.
- Implementation reports: a draft (never submitted) to its own economy's delegates only —
  not even the secretariat, as amendment drafts (ADR 0018: ``submitted_at`` is the fact that
  shares it); submitted ones to members of the body and assessors; to everyone once the
  cycle's final scores are published.
- Scores: final scores of a published cycle to everyone; the others (interim, or final but
  unpublished) to assessors and the scored economy's delegates."""

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from secretariat.core.prepared import Prepared
from secretariat.negotiation.selectors import _visible_texts

from ..choices import CommitmentState, Stage
from ..models import Assessor, Commitment, Cycle, ImplementationReport, Score, ScoreSheet, Theme

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal

_Row = TypeVar("_Row", bound=tuple[Any, ...])


def is_assessor(principal: "Principal") -> bool:
    if not principal.is_authenticated:
        return False
    if principal.is_secretariat:
        return True
    cached = getattr(principal.user, "_commitment_assessor", None)
    if cached is None:
        cached = Assessor.objects.filter(user_id=principal.user.pk).exists()
        principal.user._commitment_assessor = cached
    return bool(cached)


def commitments_visible_to(principal: "Principal") -> QuerySet[Commitment]:
    return _visible_commitments(principal.is_secretariat, tuple(sorted(principal.forum_ids)))


def _visible_commitments(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Commitment]:
    """``commitments_visible_to`` by what it depends on: the secretariat's ``everything``,
    or the reader's fora (for a prepared read, whose arguments are values)."""
    if everything:
        # Every text is the secretariat's (``_visible_texts``) and every commitment has its
        # text (a required key): all of them, without a semi-join to the texts (on
        # PostgreSQL an index probe per commitment, in each read of the heat map).
        return Commitment.objects.all()
    commitments = Commitment.objects.filter(
        text__in=_visible_texts(everything, forum_ids).values("pk")
    )
    return commitments.filter(state=CommitmentState.CONFIRMED)


def reports_visible_to(principal: "Principal") -> QuerySet[ImplementationReport]:
    reports = ImplementationReport.objects.filter(
        commitment__in=commitments_visible_to(principal).values("pk")
    )
    own_drafts = Q(submitted_at__isnull=True, economy_id__in=principal.economy_ids)
    if principal.is_member or is_assessor(principal):
        return reports.filter(Q(submitted_at__isnull=False) | own_drafts)
    return reports.filter(
        Q(submitted_at__isnull=False, cycle__final_published_at__isnull=False) | own_drafts
    )


def _scores_shown_to(economy_ids: Iterable[int]) -> Q:
    """Which scores a reader who is not an assessor sees, by the columns a ``Score`` and a
    ``ScoreSheet`` share: published final scores, and their own economies' (``economy_ids``)."""
    return Q(stage=Stage.FINAL, cycle__final_published_at__isnull=False) | Q(
        economy_id__in=economy_ids
    )


def scores_visible_to(principal: "Principal", *, current: bool = True) -> QuerySet[Score]:
    scores = Score.objects.filter(commitment__in=commitments_visible_to(principal).values("pk"))
    if current:
        scores = scores.filter(superseded_at__isnull=True)
    if is_assessor(principal):
        return scores
    return scores.filter(_scores_shown_to(principal.economy_ids))


def named_rows(kind: type[_Row], rows: Iterable[tuple[Any, ...]]) -> list[_Row]:
    """``[kind(*row) for row in rows]`` for a named tuple ``kind`` whose fields are the rows'
    columns, each made in C (``tuple.__new__``), not by the named tuple's ``__new__`` (a
    Python call): hundreds on every heat map."""
    return list(map(partial(tuple.__new__, kind), rows))  # type: ignore[arg-type]


class VisibleSheet(NamedTuple):
    """A score sheet as a reader sees it: only the commitments they may see (each id once)."""

    cycle_id: int
    economy_id: int
    full: Collection[int]
    partial: Collection[int]
    none: Collection[int]


class SheetRow(NamedTuple):
    """A score sheet as read: its lists as their JSON text (decoded only where needed, by
    ``visible_sheets``) and how many ids each holds."""

    cycle_id: int
    economy_id: int
    full_count: int
    partial_count: int
    none_count: int
    # Last: the ORM selects expressions after the fields.
    full_json: str
    partial_json: str
    none_json: str


def visible_sheets(rows: Sequence[SheetRow], commitment_ids: set[int]) -> list[VisibleSheet]:
    """The sheets of ``rows`` cut down to ``commitment_ids`` (the reader's, see
    ``sheets_visible_to``). Every list of every row is decoded by one ``json.loads`` of a
    JSON array of them all: decoding the 63 lists of a heat map's cycle one call at a time
    cost more in the calls than in the decoding. (The heat map's own cycle is read as a
    matrix instead: ``score_matrix``.)"""
    if not rows:
        return []
    texts = [text for row in rows for text in (row.full_json, row.partial_json, row.none_json)]
    lists = list(map(commitment_ids.intersection, json.loads(f"[{','.join(texts)}]")))
    return [
        VisibleSheet(row.cycle_id, row.economy_id, *lists[3 * n : 3 * n + 3])
        for n, row in enumerate(rows)
    ]


def _sheet_rows(everything: bool, economy_ids: tuple[int, ...], **filters: Any) -> QuerySet[Any]:
    sheets = ScoreSheet.objects.filter(**filters)
    if not everything:
        sheets = sheets.filter(_scores_shown_to(economy_ids))
    # The columns as their JSON text, decoded by ``visible_sheets`` itself: the ORM's
    # JSON converter, run for 189 lists on every heat map, cost nearly what decoding did.
    return sheets.order_by().values_list(
        "cycle_id",
        "economy_id",
        "full_count",
        "partial_count",
        "none_count",
        Cast("full", TextField()),
        Cast("partial", TextField()),
        Cast("none", TextField()),
    )


# Read on every rendering of the heat map: their SQL built once per process.
_SHEETS: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, economy_ids, stage: _sheet_rows(everything, economy_ids, stage=stage),
    "everything",
    "economy_ids",
    "stage",
)
_SHEETS_OF_CYCLE: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, economy_ids, stage, cycle_id: _sheet_rows(
        everything, economy_ids, stage=stage, cycle_id=cycle_id
    ),
    "everything",
    "economy_ids",
    "stage",
    "cycle_id",
)


def sheet_rows_visible_to(
    principal: "Principal", *, stage: str, cycle_id: int | None = None
) -> list[SheetRow]:
    """The score sheets the reader may see (``ScoreSheet``: one per economy, cycle and
    stage), of one cycle or all, undecoded. They hold every commitment's scores: cut them
    down with ``visible_sheets`` to the reader's commitments."""
    everything, economy_ids = is_assessor(principal), tuple(sorted(principal.economy_ids))
    rows = (
        _SHEETS.rows(everything=everything, economy_ids=economy_ids, stage=str(stage))
        if cycle_id is None
        else _SHEETS_OF_CYCLE.rows(
            everything=everything, economy_ids=economy_ids, stage=str(stage), cycle_id=cycle_id
        )
    )
    return named_rows(SheetRow, rows)


def sheets_visible_to(
    principal: "Principal", commitment_ids: set[int], *, stage: str, cycle_id: int | None = None
) -> Iterator[VisibleSheet]:
    """The reader's current scores as sheets, of one cycle or all, cut down to
    ``commitment_ids`` — which must come from ``commitments_visible_to(principal)``: the
    sheets hold every commitment's scores."""
    yield from visible_sheets(
        sheet_rows_visible_to(principal, stage=stage, cycle_id=cycle_id), commitment_ids
    )


def themes_of(commitments: QuerySet[Commitment]) -> QuerySet[Theme]:
    return Theme.objects.filter(pk__in=commitments.values("theme_id")).order_by(
        "text_id", "order", "pk"
    )


def cycles() -> QuerySet[Cycle]:
    return Cycle.objects.all()


# The heat map's filters, read on every rendering: their SQL built once per process.
_CYCLES: Prepared[Cycle] = Prepared(cycles)
_FILTER_THEMES: Prepared[Theme] = Prepared(
    lambda everything, forum_ids: themes_of(_visible_commitments(everything, forum_ids)),
    "everything",
    "forum_ids",
)


def every_cycle() -> list[Cycle]:
    """``cycles()``, read as a prepared read."""
    return _CYCLES.objects()


def themes_to_filter_by(principal: "Principal") -> list[Theme]:
    """The themes of the commitments the reader may see (the heat map's theme filter)."""
    return _FILTER_THEMES.objects(
        everything=principal.is_secretariat, forum_ids=tuple(sorted(principal.forum_ids))
    )
