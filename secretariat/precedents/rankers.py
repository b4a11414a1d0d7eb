"""Rankers of agreed paragraphs for a draft, merged by reciprocal rank fusion. A ranker takes
the draft, how many ids it should return and the asking ``Principal``, and returns
``negotiation.Paragraph`` ids best first, only of adopted texts the principal may read."""

import re
from collections.abc import Callable, Sequence
from typing import Any

from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.selectors import texts_visible_to

from . import index
from .embedders import get_embedder
from .models import ParagraphEmbedding

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
    return [vector_ranker] + ([in_draft_language(keyword)] if keyword else [])


# Words that say a Latin-script draft is English or Spanish (the content languages that
# share a script); scripts tell the others apart.
_FUNCTION_WORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "for",
            "with",
            "we",
            "our",
            "on",
            "by",
            "is",
            "are",
            "will",
            "that",
            "this",
            "these",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "y",
            "que",
            "en",
            "para",
            "con",
            "por",
            "una",
            "se",
            "su",
            "sus",
            "al",
            "es",
        ]
    ),
}
_WORD = re.compile(r"\w+")


def draft_language(draft: str) -> str | None:
    """The draft's language where its script or its function words say it, else None."""
    from .services import language_of_script

    by_script = language_of_script(draft)
    if by_script == "zh-hans":  # Han alone is Chinese or Japanese (人材, 数据)
        return None
    if by_script:
        return by_script
    words = [word.casefold() for word in _WORD.findall(draft)]
    counts = {code: sum(w in known for w in words) for code, known in _FUNCTION_WORDS.items()}
    if counts["en"] == counts["es"]:
        return None
    return max(counts, key=counts.__getitem__)


def in_draft_language(ranker: Ranker) -> Ranker:
    """Keep a keyword ranking's paragraphs in the draft's own language: shared letters across
    languages (trigrams of cognates, a Latin "AI" in a Korean draft) are noise, and meaning
    across languages is the vector ranker's part. A draft of no clear language keeps all."""

    def rank(draft: str, limit: int, principal: Any) -> list[int]:
        ids = ranker(draft, limit, principal)
        language = draft_language(draft)
        if language is None or not ids:
            return ids
        languages = dict(
            ParagraphEmbedding.objects.filter(paragraph_id__in=ids).values_list(
                "paragraph_id", "language"
            )
        )
        return [pk for pk in ids if languages.get(pk, language) == language]

    return rank


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each id scores the sum of 1 / (k + rank) over the rankings
    that hold it (rank from 1). Ties keep the order of first appearance."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
