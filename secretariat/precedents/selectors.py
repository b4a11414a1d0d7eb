"""The precedent finder: for a draft paragraph, the agreed paragraphs of adopted texts the
asker may read, nearest first, each with a word-level diff against the draft."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from secretariat.core.i18n import resolve
from secretariat.negotiation import redline
from secretariat.negotiation.choices import TextStatus
from secretariat.negotiation.consensus import plain_text
from secretariat.negotiation.models import Paragraph
from secretariat.negotiation.selectors import texts_visible_to

from . import rankers as ranking
from .models import ParagraphEmbedding

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# Each ranker is asked for this many times the results wanted (at least MIN_DEPTH), so that
# fusion sees paragraphs one ranker puts a little lower than the other.
DEPTH_FACTOR = 5
MIN_DEPTH = 50
MAX_DRAFT = 5000


@dataclass(frozen=True)
class Precedent:
    paragraph_id: int
    text_slug: str
    text_title: str
    eid: str
    num: str
    year: int | None
    language: str
    wording: str
    score: float
    url: str
    diff: list[redline.Piece]


def find_precedents(
    principal: Any,
    draft: str,
    *,
    limit: int = DEFAULT_LIMIT,
    rankers: Sequence[ranking.Ranker] | None = None,
) -> list[Precedent]:
    """The ``limit`` best agreed paragraphs for ``draft`` by reciprocal rank fusion of
    ``rankers`` (the vector ranker, and the keyword ranker where search is installed). Each
    is checked again against the texts ``principal`` may read before it is returned."""
    draft = draft.strip()[:MAX_DRAFT]
    if not draft:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    depth = max(limit * DEPTH_FACTOR, MIN_DEPTH)
    chosen = ranking.default_rankers() if rankers is None else rankers
    fused = ranking.fuse([ranker(draft, depth, principal) for ranker in chosen])
    return _present(principal, draft, fused[: limit * 2])[:limit]


def _present(principal: Any, draft: str, fused: list[tuple[int, float]]) -> list[Precedent]:
    if not fused:
        return []
    visible = texts_visible_to(principal).filter(status=TextStatus.ADOPTED)
    paragraphs = {
        p.pk: p
        for p in Paragraph.objects.filter(
            pk__in=[pk for pk, _ in fused], version__text__in=visible
        ).select_related("provision", "version__text")
    }
    languages = dict(
        ParagraphEmbedding.objects.filter(paragraph_id__in=paragraphs).values_list(
            "paragraph_id", "language"
        )
    )
    draft_tokens = redline.tokens([{"text": draft}])
    found = []
    for pk, score in fused:
        paragraph = paragraphs.get(pk)
        if paragraph is None:  # deleted, or a text this principal may not read
            continue
        text = paragraph.version.text
        if paragraph.version_id != text.current_version_id:  # not the adopted wording
            continue
        eid = paragraph.provision.eid
        found.append(
            Precedent(
                paragraph_id=pk,
                text_slug=text.slug,
                text_title=resolve(text.title).text,
                eid=eid,
                num=paragraph.num,
                year=(text.adopted_at or text.created_at).year
                if text.adopted_at or text.created_at
                else None,
                language=languages.get(pk, ""),
                wording=plain_text(paragraph.content),
                score=round(score, 6),
                url=reverse("negotiation:text", args=[text.slug]) + f"#{eid}",
                diff=redline.diff_tokens(draft_tokens, redline.tokens(paragraph.content)),
            )
        )
    return found


def precedent(principal: Any, paragraph_id: int, draft: str = "") -> Precedent | None:
    """One agreed paragraph as a precedent, if ``principal`` may read its text."""
    found = _present(principal, draft or " ", [(paragraph_id, 0.0)])
    return found[0] if found else None


def current_paragraph(text: Any, eid: str) -> Paragraph | None:
    """Paragraph ``eid`` as worded in the text's current version."""
    # At most one (a provision's wording in a version), read unordered (see
    # negotiation.services.state_position).
    found = list(
        Paragraph.objects.filter(
            version_id=text.current_version_id, provision__text_id=text.pk, provision__eid=eid
        )
        .select_related("provision")
        .order_by()[:1]
    )
    return found[0] if found else None
