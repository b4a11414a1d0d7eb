"""Writing and verifying the audit chain.

Services call :func:`record` inside their own transaction, so a change and its audit entry
commit or roll back together.
"""

import hashlib
import hmac
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Field, Model, QuerySet
from django.utils import timezone

from .models import GENESIS_HASH, AuditEntry

# Any constant works: it names the one lock that serialises appends on PostgreSQL.
_POSTGRES_LOCK_KEY = 7_305_114_620


def object_type_of(obj: Model) -> str:
    return obj._meta.label_lower


def to_json_value(value: Any) -> Any:
    """Turn dates, decimals and UUIDs into the JSON they will be stored and hashed as."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def content_hash(entry: AuditEntry) -> str:
    content = {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _locked_tip() -> tuple[int, str] | None:
    """Lock the chain, then read its last entry's ``(seq, entry_hash)`` (``None``: empty).
    On PostgreSQL the lock and the read are two statements sent in one round trip: each
    statement reads in a snapshot of its own, taken when it starts, so the read sees every
    entry committed by whoever held the lock before (one statement doing both would read in
    a snapshot taken before the lock was granted)."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    seq, entry_hash = (
        connection.ops.quote_name(cast(Field, AuditEntry._meta.get_field(name)).column)
        for name in ("seq", "entry_hash")
    )
    # Quoted names of our own model, no input.
    read = f"SELECT {seq}, {entry_hash} FROM {table} ORDER BY {seq} DESC LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock(%s); {read}", [_POSTGRES_LOCK_KEY])
            cursor.nextset()
        else:
            # SQLite runs with transaction_mode=IMMEDIATE: the transaction holds the lock.
            cursor.execute(read)
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def record(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside the transaction of the change it describes."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")
    tip = _locked_tip()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        seq=(tip[0] + 1) if tip else 1,
        created_at=timezone.now(),
        actor_id=actor.pk if is_user else None,
        actor_label=(actor.get_username() if is_user else (str(actor) if actor else "system")),
        action=action,
        object_type=object_type or (object_type_of(obj) if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        changes=to_json_value(changes or {}),
        prev_hash=tip[1] if tip else GENESIS_HASH,
    )
    entry.entry_hash = content_hash(entry)
    entry.save()
    return entry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def private_digest(value: Any) -> dict[str, str]:
    """What the log keeps of content that only its owners may read: a keyed digest, so that
    readers of the log can neither read the text nor confirm a guess of it."""
    raw = json.dumps(to_json_value(value), sort_keys=True, ensure_ascii=False)
    key = f"audit-private-digest:{settings.SECRET_KEY}".encode()
    return {"hmac_sha256": hmac.new(key, raw.encode("utf-8"), hashlib.sha256).hexdigest()}


def fields_with_private_digested(
    fields: dict[str, Any], private: Collection[str]
) -> dict[str, Any]:
    """Fields as an entry's ``changes``: the ``private`` ones as ``private_digest``, related
    rows as their ids (``<name>_id``), the rest as JSON values."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in private:
            out[name] = private_digest(value)
        elif hasattr(value, "pk"):
            out[f"{name}_id"] = value.pk
        else:
            out[name] = to_json_value(value)
    return out


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain() -> ChainReport:
    """Recompute every link; report the first entry whose hash or predecessor does not match."""
    previous_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    with transaction.atomic():
        for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
            if entry.seq != expected_seq:
                return ChainReport(checked, entry.seq, f"expected entry #{expected_seq} here")
            if entry.prev_hash != previous_hash:
                return ChainReport(checked, entry.seq, "does not follow the entry before it")
            if content_hash(entry) != entry.entry_hash:
                return ChainReport(checked, entry.seq, "content does not match its hash")
            previous_hash = entry.entry_hash
            expected_seq += 1
            checked += 1
    return ChainReport(checked)


def history_of(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("-seq")
