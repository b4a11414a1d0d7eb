"""The heat map page's reads of cycles and themes, and what a reader's map leaves out: the
cycles in which a commitment off the map is scored, whose sheets' kept counts are then not
the reader's figures (``_cycles_counted``), read alone or marked on the cycles the page reads
(``_MARKED_CYCLES``)."""

from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from secretariat.core.in_subquery import InSubquery
from secretariat.core.prepared import Prepared, Read

from ..choices import CommitmentState
from ..models import Commitment, Cycle, Score, Theme
from .visibility import SheetRow, _visible_commitments, cycles, themes_of

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def _mapped_commitments(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Commitment]:
    """The commitments a heat map of every theme shows (by what the reader's rights depend
    on, as ``_visible_commitments``): the confirmed ones the reader may see."""
    return _visible_commitments(everything, forum_ids).filter(state=CommitmentState.CONFIRMED)


def _off_map_commitments(everything: bool, forum_ids: tuple[int, ...]) -> QuerySet[Commitment]:
    """The commitments a map of every theme leaves out (``_mapped_commitments``'s others).
    The secretariat's map is every confirmed commitment (``_visible_commitments`` asks no
    texts of it): its others are the unconfirmed ones, found in one scan of the
    commitments, not two (the map as a ``NOT IN`` subquery)."""
    if everything:
        return Commitment.objects.exclude(state=CommitmentState.CONFIRMED)
    return Commitment.objects.exclude(
        pk__in=_mapped_commitments(everything, forum_ids).values("pk")
    )


# The cycles with a current score (of a stage) on a commitment off the reader's map of every
# theme (not confirmed, or of a text they may not read): a few commitments, whose scores the
# sheets hold all the same. The off-map commitments first (PostgreSQL's InitPlan), then
# their scores by their ids (their index), never through the thousands of others
# (``InSubquery``).
def _cycles_scoring_off_map(everything: bool, forum_ids: Any, stage: str) -> QuerySet[Any]:
    return (
        Score.objects.filter(
            InSubquery(
                F("commitment_id"),
                _off_map_commitments(everything, forum_ids).order_by().values("pk"),
            ),
            stage=stage,
            superseded_at__isnull=True,
        )
        .order_by()
        .values_list("cycle_id")
    )


_CYCLES_SCORING_OFF_MAP: Prepared[tuple[Any, ...]] = Prepared(
    lambda everything, forum_ids, stage: _cycles_scoring_off_map(
        everything, forum_ids, stage
    ).distinct(),
    "everything",
    "forum_ids",
    "stage",
)
# What the page shows of a cycle and of a theme: its reads leave the rest out (their
# timestamps, parsed in Python, cost more than all their other columns).
_CYCLE_SHOWN = ("pk", "name", "final_published_at")
_THEME_SHOWN = ("pk", "text_id", "order", "name")


def _page_cycles() -> QuerySet[Cycle]:
    return cycles().only(*_CYCLE_SHOWN)


_PAGE_CYCLES: Prepared[Cycle] = Prepared(_page_cycles)
_PAGE_THEMES: Prepared[Theme] = Prepared(
    lambda everything, forum_ids: themes_of(_visible_commitments(everything, forum_ids)).only(
        *_THEME_SHOWN
    ),
    "everything",
    "forum_ids",
)
# Every cycle (``cycles()``), each marked ``scored_off_map`` (``_cycles_scoring_off_map``'s
# cycles): the heat map page reads them in one statement, not two (a statement's own work
# in Python, sent with the others, is a tenth of a millisecond).
_MARKED_CYCLES: Prepared[Cycle] = Prepared(
    lambda everything, forum_ids, stage: _page_cycles().annotate(
        scored_off_map=ExpressionWrapper(
            Q(pk__in=_cycles_scoring_off_map(everything, forum_ids, stage)),
            output_field=BooleanField(),
        )
    ),
    "everything",
    "forum_ids",
    "stage",
)


def _scoring_off_map_read(principal: "Principal", stage: str) -> Read[tuple[Any, ...]]:
    return _CYCLES_SCORING_OFF_MAP.read(
        everything=principal.is_secretariat,
        forum_ids=tuple(sorted(principal.forum_ids)),
        stage=str(stage),
    )


def _cycles_counted(
    principal: "Principal",
    stage: str,
    theme_id: int | None,
    rows: list[SheetRow],
    scoring_off_map: list[tuple[Any, ...]] | None = None,
) -> set[int]:
    """The cycles among ``rows`` whose sheets hold only commitments on the reader's map, so
    that their kept counts are the reader's figures (none when a theme narrows the map):
    those without a current score on a commitment off the map. ``scoring_off_map``: the
    rows of ``_scoring_off_map_read(principal, stage)``, when the caller has them."""
    if theme_id:
        return set()
    if scoring_off_map is None:
        scoring_off_map = _scoring_off_map_read(principal, stage).run()
    return {row.cycle_id for row in rows} - {cycle_id for (cycle_id,) in scoring_off_map}
