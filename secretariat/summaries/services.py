"""Making extracts (run by ``tasks``). An extract is derived data, like a search index: it is
made again whenever its source changed, and it writes no audit entry; the object it
summarises keeps its own history."""

import hashlib
import logging

from django.db import IntegrityError, transaction

from secretariat.meetings.models import Document
from secretariat.negotiation.models import Text

from . import cache, extract, sentences, sources
from .choices import TargetKind
from .models import Summary

logger = logging.getLogger(__name__)


def _source(kind: str, target_id: int) -> tuple[str, str] | None:
    """The words and their language (``""`` when unknown), None if the object is gone."""
    if kind == TargetKind.DOCUMENT:
        document = Document.objects.filter(pk=target_id).first()
        if document is None:
            return None
        words = sources.document_words(document)
        return words, ("ko" if sentences.is_korean(words) else "")
    text = Text.objects.filter(pk=target_id).first()
    return None if text is None else (sources.text_words(text), text.language)


def _still_there(kind: str, target_id: int) -> bool:
    """The object exists, locked until the extract is written: choosing sentences takes
    seconds, and a deletion meanwhile had already removed the (absent) extract, so the one
    written next kept a deleted document's sentences. A deletion that comes after this
    waits for the write, and its post_delete then removes the extract."""
    model = Document if kind == TargetKind.DOCUMENT else Text
    return bool(model.objects.select_for_update().filter(pk=target_id).values_list("pk"))


def summarise(*, kind: str, target_id: int) -> Summary | None:
    """The object's extract, made anew if its words changed; None (and any old extract
    removed) when the object is gone or too short to need one."""
    found = _source(kind, target_id)
    existing = Summary.objects.filter(target_kind=kind, target_id=target_id).first()
    digest = hashlib.sha256((found or ("", ""))[0].encode()).hexdigest()
    if existing is not None and found is not None and existing.source_sha256 == digest:
        return existing
    made = extract.extract(*found) if found is not None else None
    with transaction.atomic():
        if made is not None and not _still_there(kind, target_id):
            made = None  # deleted while its sentences were chosen: its post_delete has run
        if made is None:
            Summary.objects.filter(target_kind=kind, target_id=target_id).delete()
            summary = None
        else:
            fields = {
                "source_sha256": digest,
                "language": found[1] if found else "",
                "sentences": made.sentences,
                "method": made.method[:100],
            }
            try:
                with transaction.atomic():
                    summary, _ = Summary.objects.update_or_create(
                        target_kind=kind, target_id=target_id, defaults=fields
                    )
            except IntegrityError:  # made at the same moment by another worker
                Summary.objects.filter(target_kind=kind, target_id=target_id).update(**fields)
                summary = Summary.objects.get(target_kind=kind, target_id=target_id)
        transaction.on_commit(lambda: cache.touch(kind, target_id))
    return summary
