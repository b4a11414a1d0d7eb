"""What the negotiation announces live, and the cache token that changes with it.

Every change that alters the consensus map (a position, a version, an amendment leaving its
economy, the text's status) calls ``announce`` inside its transaction: once committed, the
map's cache token is renewed and connected delegates are told which paragraph to re-read."""

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction

from secretariat.core import live

from .models import Text


def channel(text: Text) -> str:
    return f"negotiation.text.{text.pk}"


def _token_key(text_id: int) -> str:
    return f"negotiation:map-token:{text_id}"


def announce(text: Text, kind: str, eid: str | None = None) -> None:
    text_id = text.pk
    transaction.on_commit(lambda: cache.set(_token_key(text_id), uuid.uuid4().hex, None))
    event: dict[str, Any] = {"kind": kind}
    if eid is not None:
        event["eid"] = eid
    live.publish_on_commit(channel(text), event)


def map_token(text: Text) -> str:
    """Names the current state of the text's map. A fresh random token when none is cached
    (first read, or evicted), so an old rendering can never be served under it."""
    key = _token_key(text.pk)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return f"{token}.{text.version}.{text.current_version_id}"
