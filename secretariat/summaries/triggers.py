"""When extracts are made: a text when it is adopted (by consensus, silence or import,
through ``negotiation.hooks``), a meeting document when its file is uploaded (a revision is
a new document). Both queue a task once the write has committed. An object deleted takes
its extract with it."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _text_adopted(text_id: int) -> None:
    from . import tasks

    tasks.summarise_text.enqueue(text_id)


def _document_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or not instance.file or kwargs.get("raw"):
        return
    from . import tasks

    document_id = instance.pk
    transaction.on_commit(lambda: tasks.summarise_document.enqueue(document_id))


def _deleted(kind: str):  # type: ignore[no-untyped-def]
    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        from .models import Summary

        Summary.objects.filter(target_kind=kind, target_id=instance.pk).delete()

    return receiver


def connect() -> None:
    from secretariat.meetings.models import Document
    from secretariat.negotiation import hooks

    hooks.on_adopted("summaries", _text_adopted)
    from secretariat.negotiation.models import Text

    post_save.connect(_document_saved, sender=Document, dispatch_uid="summaries.document")
    for kind, model in (("document", Document), ("text", Text)):
        post_delete.connect(
            _deleted(kind), sender=model, weak=False, dispatch_uid=f"summaries.{kind}.deleted"
        )
