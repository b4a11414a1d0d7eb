"""Extracts are made in the background: embedding a long document takes seconds."""

from django_tasks import task

from . import services
from .choices import TargetKind


@task()
def summarise_document(document_id: int) -> dict[str, object]:
    summary = services.summarise(kind=TargetKind.DOCUMENT, target_id=document_id)
    return {"sentences": len(summary.sentences) if summary else 0}


@task()
def summarise_text(text_id: int) -> dict[str, object]:
    summary = services.summarise(kind=TargetKind.TEXT, target_id=text_id)
    return {"sentences": len(summary.sentences) if summary else 0}
