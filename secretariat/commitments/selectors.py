"""Reads that depend on who asks, and the heat map in a fixed number of queries.

- Commitments: confirmed ones of the texts the reader may read; suggestions and rejected
  ones to the secretariat only.
- Implementation reports: a draft (never submitted) to its own economy's delegates only —
  not even the secretariat, as amendment drafts (ADR 0018: ``submitted_at`` is the fact that
  shares it); submitted ones to members of the body and assessors; to everyone once the
  cycle's final scores are published.
- Scores: final scores of a published cycle to everyone; the others (interim, or final but
  unpublished) to assessors and the scored economy's delegates."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from secretariat.negotiation.selectors import texts_visible_to
from secretariat.registry.models import Delegation, Economy

from . import figures
from .choices import CommitmentState, OwnerKind, Stage
from .models import Assessor, Commitment, Cycle, ImplementationReport, Score, Theme

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


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
    commitments = Commitment.objects.filter(text__in=texts_visible_to(principal).values("pk"))
    if principal.is_secretariat:
        return commitments
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


def scores_visible_to(principal: "Principal", *, current: bool = True) -> QuerySet[Score]:
    scores = Score.objects.filter(commitment__in=commitments_visible_to(principal).values("pk"))
    if current:
        scores = scores.filter(superseded_at__isnull=True)
    if is_assessor(principal):
        return scores
    return scores.filter(
        Q(stage=Stage.FINAL, cycle__final_published_at__isnull=False)
        | Q(economy_id__in=principal.economy_ids)
    )


def themes_of(commitments: QuerySet[Commitment]) -> QuerySet[Theme]:
    return Theme.objects.filter(pk__in=commitments.values("theme_id")).order_by("text_id", "order")


def cycles() -> QuerySet[Cycle]:
    return Cycle.objects.all()


def responsible_economy_ids(commitments: list[Commitment]) -> dict[int, frozenset[int]]:
    """Per commitment, the economies bound by it (and so expected to report): three queries
    whatever the number of commitments."""
    all_ids = frozenset(Economy.objects.values_list("pk", flat=True))
    chosen: dict[int, set[int]] = defaultdict(set)
    through = Commitment.owner_economies.through
    for commitment_id, economy_id in through.objects.filter(
        commitment_id__in=[c.pk for c in commitments if c.owner_kind == OwnerKind.SOME_ECONOMIES]
    ).values_list("commitment_id", "economy_id"):
        chosen[commitment_id].add(economy_id)
    in_forum: dict[int, set[int]] = defaultdict(set)
    forum_ids = {c.owner_forum_id for c in commitments if c.owner_kind == OwnerKind.FORUM}
    for forum_id, economy_id in Delegation.objects.filter(forum_id__in=forum_ids).values_list(
        "forum_id", "economy_id"
    ):
        in_forum[forum_id].add(economy_id)
    result = {}
    for commitment in commitments:
        if commitment.owner_kind == OwnerKind.SOME_ECONOMIES:
            result[commitment.pk] = frozenset(chosen[commitment.pk])
        elif commitment.owner_kind == OwnerKind.FORUM:
            result[commitment.pk] = frozenset(in_forum[commitment.owner_forum_id or 0])
        else:
            result[commitment.pk] = all_ids
    return result


@dataclass
class HeatMap:
    """Economies (rows) × commitments (columns) for one cycle and stage; ``cells`` holds
    the current score where there is one the reader may see."""

    cycle: Cycle | None
    stage: str
    economies: list[Economy]
    commitments: list[Commitment]
    themes: list[Theme]
    cells: dict[tuple[int, int], int]
    bound: dict[int, frozenset[int]]
    summary: figures.Summary = field(default_factory=figures.Summary)

    def cell(self, economy_id: int, commitment_id: int) -> int | None:
        return self.cells.get((economy_id, commitment_id))

    def rows(self) -> list[tuple[Economy, list[tuple[Commitment, int | None, bool]]]]:
        return [
            (
                economy,
                [
                    (c, self.cell(economy.pk, c.pk), economy.pk in self.bound.get(c.pk, ()))
                    for c in self.commitments
                ],
            )
            for economy in self.economies
        ]


def heat_map(
    principal: "Principal", *, cycle: Cycle | None, stage: str, theme_id: int | None = None
) -> HeatMap:
    """The reader's heat map, in a constant number of queries."""
    commitments_qs = commitments_visible_to(principal).filter(state=CommitmentState.CONFIRMED)
    if theme_id:
        commitments_qs = commitments_qs.filter(theme_id=theme_id)
    commitments = list(
        commitments_qs.select_related("theme").order_by("text_id", "theme__order", "pk")
    )
    themes = list({c.theme_id: c.theme for c in commitments if c.theme is not None}.values())
    economies = list(Economy.objects.order_by("code"))
    rows: list[figures.ScoreRow] = []
    cells: dict[tuple[int, int], int] = {}
    if cycle is not None and commitments:
        theme_of = {c.pk: c.theme_id for c in commitments}
        found = (
            scores_visible_to(principal)
            .filter(cycle=cycle, stage=stage, commitment_id__in=list(theme_of))
            .values_list("economy_id", "commitment_id", "value")
        )
        for economy_id, commitment_id, value in found:
            cells[(economy_id, commitment_id)] = value
            rows.append(figures.ScoreRow(economy_id, commitment_id, theme_of[commitment_id], value))
    return HeatMap(
        cycle=cycle,
        stage=stage,
        economies=economies,
        commitments=commitments,
        themes=themes,
        cells=cells,
        bound=responsible_economy_ids(commitments),
        summary=figures.summarise(rows),
    )


def progress(
    principal: "Principal", *, stage: str, theme_id: int | None = None
) -> list[tuple[Cycle, figures.Figure]]:
    """The overall figure per cycle (cycles without visible scores show no average)."""
    scores = scores_visible_to(principal).filter(
        stage=stage, commitment__state=CommitmentState.CONFIRMED
    )
    if theme_id:
        scores = scores.filter(commitment__theme_id=theme_id)
    # Summed in SQL: only the overall figure is shown, not the 12,600 scores of a cycle.
    by_cycle = {
        cycle_id: figures.Figure(total, count)
        for cycle_id, total, count in scores.order_by()
        .values("cycle_id")
        .annotate(total=Sum("value"), count=Count("pk"))
        .values_list("cycle_id", "total", "count")
    }
    return [(cycle, by_cycle.get(cycle.pk, figures.NOTHING)) for cycle in cycles()]
