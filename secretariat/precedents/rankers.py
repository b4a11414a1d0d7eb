"""Rankers of agreed paragraphs for a draft, merged by reciprocal rank fusion. A ranker takes
the draft, how many ids it should return and the asking ``Principal``, and returns
``negotiation.Paragraph`` ids best first, only of adopted texts the principal may read."""

from collections.abc import Callable, Sequence
from typing import Any

from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.selectors import texts_visible_to

from . import index
from .embedders import get_embedder

Ranker = Callable[[str, int, Any], list[int]]
# The usual constant of reciprocal rank fusion (Cormack et al. 2009): damps the top ranks
# enough that agreement between rankers counts more than one ranker's first place.
RRF_K = 60


def visible_adopted_text_ids(principal: Any) -> list[int]:
    return list(
        texts_visible_to(principal)
        .filter(status=TextStatus.ADOPTED)
        .order_by()
        .values_list("pk", flat=True)
    )


def vector_ranker(draft: str, limit: int, principal: Any) -> list[int]:
    """Nearest by meaning, across languages (the embedder's ``query`` side)."""
    embedder = get_embedder()
    found = index.matrix(embedder.name, embedder.dim)
    allowed = visible_adopted_text_ids(principal)
    if not allowed or not len(found.paragraph_ids):
        return []
    hits = index.nearest(found, embedder.query(draft), allowed_text_ids=allowed, limit=limit)
    return [paragraph_id for paragraph_id, _ in hits]


def keyword_ranker() -> Ranker | None:
    """The search app's keyword ranking, where it is installed."""
    try:
        from secretariat.search.services import rank_paragraphs  # type: ignore[import-not-found]
    except ImportError:
        return None

    def rank(draft: str, limit: int, principal: Any) -> list[int]:
        return list(rank_paragraphs(draft, limit=limit, adopted_only=True, principal=principal))

    return rank


def default_rankers() -> list[Ranker]:
    keyword = keyword_ranker()
    return [vector_ranker] + ([keyword] if keyword else [])


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each id scores the sum of 1 / (k + rank) over the rankings
    that hold it (rank from 1). Ties keep the order of first appearance."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
