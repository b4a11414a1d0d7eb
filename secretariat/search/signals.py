"""Keeping the index in step with the data, without any app having to call search.

Every change that matters is written to the audit log inside its transaction (services,
``update_versioned``, the audited admin), including those made with ``QuerySet.update``
that send no ``post_save``; so the index listens to new audit entries, plus ``post_save``
and ``post_delete`` of the indexed models for writes that bypass the log (seeding). The
items touched in a transaction are collected and re-indexed by one task after it commits;
the task reads each item as it then is (gone: its entry goes)."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .choices import EntryKind

# What a change to a row of each model means for the index: (kind, id of the item).
_AUDITED = {
    "negotiation.text": (EntryKind.TEXT, "self"),
    "negotiation.version": (EntryKind.TEXT, "text_id"),
    # A text's entries include its translations the public reads (``sources``): an outcome's
    # announcement and every saved or verified translation re-index the text.
    "outcomes.outcome": (EntryKind.TEXT, "text_id"),
    "outcomes.paragraphtranslation": (EntryKind.TEXT, "outcome__text_id"),
    "meetings.document": (EntryKind.DOCUMENT, "self"),
    "meetings.meeting": (EntryKind.MEETING, "self"),
    "registry.person": (EntryKind.PERSON, "self"),
    "projects.project": (EntryKind.PROJECT, "self"),
    "news.newsitem": (EntryKind.NEWS, "self"),
}

_pending = threading.local()


def _schedule(kind: str, item_id: int | None) -> None:
    """Re-index the item once the current transaction commits; the items of one atomic
    block share one task."""
    if item_id is None or getattr(_pending, "suspended", False):
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _enqueue({kind: {int(item_id)}})
        return
    key = tuple(connection.savepoint_ids)
    state = getattr(_pending, "state", None)
    # A batch is reused only by the same atomic block while its flush is still registered
    # (a rolled-back block's callbacks are discarded, and so must its batch be).
    if state is None or state[0] != key or not _registered(connection, state[2]):
        batch: dict[str, set[int]] = defaultdict(set)

        def flush() -> None:
            _enqueue(batch)

        state = _pending.state = (key, batch, flush)
        transaction.on_commit(flush)
    state[1][kind].add(int(item_id))


def _registered(connection: Any, flush: Any) -> bool:
    return any(entry[1] is flush for entry in connection.run_on_commit)


def _enqueue(batch: dict[str, set[int]]) -> None:
    from . import tasks

    for kind, ids in batch.items():
        tasks.reindex_items.enqueue(str(kind), sorted(ids))


def _on_audit_entry(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    target = _AUDITED.get(instance.object_type)
    if not created or target is None or not instance.object_id.isdigit():
        return
    kind, via = target
    if via == "self":
        _schedule(kind, int(instance.object_id))
        return
    from django.apps import apps

    model = apps.get_model(instance.object_type)
    _schedule(kind, model.objects.filter(pk=instance.object_id).values_list(via, flat=True).first())


def _on_row_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: ``secretariat reindex`` afterwards
    kind, via = _AUDITED[sender._meta.label_lower]
    _schedule(kind, instance.pk if via == "self" else _followed(instance, via))


def _followed(instance: Any, via: str) -> Any:
    """``outcome__text_id`` read on the instance (its relations are cached or one read each)."""
    value = instance
    for step in via.split("__"):
        value = getattr(value, step, None)
    return value


def connect() -> None:
    from django.apps import apps

    from secretariat.core.models import AuditEntry

    post_save.connect(_on_audit_entry, sender=AuditEntry, dispatch_uid="search-audit")
    for label in _AUDITED:
        model = apps.get_model(label)
        post_save.connect(_on_row_change, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(_on_row_change, sender=model, dispatch_uid=f"search-delete-{label}")


@contextmanager
def suspended() -> Iterator[None]:
    """No re-indexing while bulk loads run (generated data, large imports): run
    ``secretariat reindex`` afterwards."""
    _pending.suspended = True
    try:
        yield
    finally:
        _pending.suspended = False
