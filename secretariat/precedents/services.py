"""Writes of the precedent finder: the embeddings of agreed paragraphs. Derived data, so no
audit entries: every row can be rebuilt from the texts (``secretariat reindex``)."""

import re
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from secretariat.core.errors import ValidationFailed
from secretariat.negotiation import services as negotiation_services
from secretariat.negotiation.choices import AmendmentKind, TextStatus
from secretariat.negotiation.consensus import plain_text
from secretariat.negotiation.models import Amendment, Paragraph, Text

from .embedders import get_embedder
from .models import IndexGeneration, ParagraphEmbedding

if TYPE_CHECKING:
    from .selectors import Precedent

# Paragraphs are embedded this many at a time (the model's batch; bounds memory).
BATCH = 32

_SCRIPTS = (("ko", re.compile(r"[\uac00-\ud7a3]")), ("ja", re.compile(r"[\u3040-\u30ff]")))
_HAN = re.compile(r"[\u4e00-\u9fff]")


def language_of_script(wording: str) -> str | None:
    """Korean, Japanese or Chinese where the script says so (Hangul, kana, Han alone)."""
    for code, script in _SCRIPTS:
        if script.search(wording):
            return code
    return "zh-hans" if _HAN.search(wording) else None


def language_of(text: Text, wording: str) -> str:
    """The wording's language: its script where the script says it (Hangul, kana, Han alone),
    else the text's own language (English for texts negotiated here; an imported Akoma Ntoso
    file gives its ``FRBRlanguage``)."""
    return language_of_script(wording) or text.language or "en"


def _renew_token(model: str) -> None:
    IndexGeneration.objects.update_or_create(model=model, defaults={"token": uuid.uuid4().hex})


def index_text(text_id: int) -> int:
    """Embed every paragraph of the version an adopted text was adopted in (all agreed, or
    it could not have been adopted), replacing what was there. A text that is not adopted
    (any more) keeps no embeddings. Returns the number of paragraphs embedded."""
    embedder = get_embedder()
    text = Text.objects.filter(pk=text_id).first()
    paragraphs = []
    if text is not None and text.status == TextStatus.ADOPTED and text.current_version_id:
        paragraphs = [
            (paragraph.pk, plain_text(paragraph.content))
            for paragraph in Paragraph.objects.filter(version_id=text.current_version_id)
        ]
        paragraphs = [(pk, wording) for pk, wording in paragraphs if wording.strip()]
    vectors = _embed([wording for _, wording in paragraphs])
    with transaction.atomic():
        ParagraphEmbedding.objects.filter(text_id=text_id, model=embedder.name).delete()
        ParagraphEmbedding.objects.bulk_create(
            ParagraphEmbedding(
                paragraph_id=pk,
                text_id=text_id,
                model=embedder.name,
                language=language_of(text, wording),  # type: ignore[arg-type]
                vector=vector.astype(np.float32).tobytes(),
            )
            for (pk, wording), vector in zip(paragraphs, vectors, strict=True)
        )
        _renew_token(embedder.name)
    return len(paragraphs)


def _embed(wordings: list[str]) -> np.ndarray:
    embedder = get_embedder()
    if not wordings:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.concatenate(
        [embedder.passages(wordings[i : i + BATCH]) for i in range(0, len(wordings), BATCH)]
    )


def index_text_later(text_id: int) -> None:
    """Embed an adopted (or imported) text's paragraphs in the background, once the current
    transaction commits. The hook the negotiation calls on adoption; import calls it too."""
    from . import tasks

    transaction.on_commit(lambda: tasks.embed_text.enqueue(text_id))


def rebuild_index() -> str:
    """Drop every embedding of the current model and embed every adopted text again."""
    embedder = get_embedder()
    with transaction.atomic():
        ParagraphEmbedding.objects.filter(model=embedder.name).delete()
        _renew_token(embedder.name)
    texts = list(Text.objects.filter(status=TextStatus.ADOPTED).values_list("pk", flat=True))
    count = sum(index_text(text_id) for text_id in texts)
    return f"{count} paragraphs of {len(texts)} adopted texts embedded with {embedder.name}"


def propose_precedent(
    *, actor: Any, text: Text, delegation: Any, eid: str, precedent: "Precedent"
) -> Amendment:
    """The agreed wording of ``precedent`` proposed as a replacement of paragraph ``eid``:
    a draft amendment of ``delegation`` under the amendment service's own rules, its
    justification naming where the wording was agreed."""
    if text.status != TextStatus.NEGOTIATING:
        raise ValidationFailed(_("Amendments are proposed while a text is under negotiation."))
    where = _("Agreed language: paragraph %(num)s (%(eid)s) of “%(title)s”, %(year)s.") % {
        "num": precedent.num or precedent.eid,
        "eid": precedent.eid,
        "title": precedent.text_title,
        "year": precedent.year or "",
    }
    return negotiation_services.propose_amendment(
        actor=actor,
        text=text,
        delegation=delegation,
        kind=AmendmentKind.REPLACE,
        eid=eid,
        proposed_text=precedent.wording,
        justification=where,
    )
