"""Live updates: services publish small events on a channel after their transaction commits;
pages stream them to the browser as server-sent events.

The embedded default runs one process, so the broker lives in memory. In production several
processes serve delegates, so every process publishes to and listens on Redis pub/sub. When the
channel is down the stream answers 503 and the page falls back to polling (see live-map.js).

Events name what changed (which paragraph, and how); a subscriber re-reads it through the
normal, permission-checked views. The one exception is content every subscriber of the channel
may read and that would otherwise be re-read by all of them at once: a position's event carries
its consensus-map row (negotiation/live.py), and subscribing is checked like reading the map.

Every event has an id, and each channel keeps its last ``REPLAY_LIMIT`` events (a capped Redis
stream next to the pub/sub channel, or a bounded list in memory). A browser whose stream ended
sends the last id it saw (``Last-Event-ID``) when it reconnects, and gets the events it missed
instead of re-reading the whole map; when they are no longer all kept (too old, trimmed, from
before a restart, or an id this channel never gave) it is told to refresh (``REFRESH``), so
being right never depends on the replay. The replay is read from the channel of the text the
viewer was just allowed to read, and framed like a live event (docs/decisions/0036)."""

import json
import random
import time
from collections.abc import AsyncIterator, Iterator
from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from ..metrics import LIVE_STREAM_CLIENTS
from .events import (
    CHANNEL_PREFIX,
    CLIENT_ID,
    LOG_SECONDS,
    REFRESH,
    REPLAY_LIMIT,
    UNKNOWN_ID,
    AsyncSubscription,
    ChannelDown,
    Event,
    Replay,
    Subscription,
    channel_prefix,
    resume_id,
)
from .memory import MemoryBroker
from .redis_broker import RedisBroker

__all__ = [
    "CHANNEL_PREFIX",
    "CLIENT_ID",
    "LOG_SECONDS",
    "REFRESH",
    "REPLAY_LIMIT",
    "UNKNOWN_ID",
    "AsyncSubscription",
    "ChannelDown",
    "Event",
    "MemoryBroker",
    "RedisBroker",
    "Replay",
    "Subscription",
    "channel_prefix",
    "resume_id",
]

Broker = MemoryBroker | RedisBroker


@cache
def broker() -> Broker:
    url = getattr(settings, "LIVE_UPDATES_REDIS_URL", None)
    return RedisBroker(url) if url else MemoryBroker()


@receiver(setting_changed)
def _forget_broker(*, setting: str, **kwargs: Any) -> None:
    if setting in ("LIVE_UPDATES_REDIS_URL", "LIVE_UPDATES_CHANNEL_PREFIX"):
        broker.cache_clear()


def publish_on_commit(channel: str, event: dict[str, Any]) -> None:
    """Announce ``event`` once the current transaction has committed (never a change that
    was rolled back)."""
    message = json.dumps(event, separators=(",", ":"))
    transaction.on_commit(lambda: broker().publish(channel, message))


def publish(channel: str, event: dict[str, Any]) -> None:
    """Announce ``event`` now: for a caller already past the commit (an on-commit callback)."""
    broker().publish(channel, json.dumps(event, separators=(",", ":")))


def frame(event: Event) -> str:
    """One event as the browser reads it; replayed events are framed here too, like live ones."""
    return f"id: {event.id}\ndata: {event.message}\n\n"


def opening(replay: Replay) -> Iterator[str]:
    """What a stream starts with: how long to wait before reconnecting after a failure, then
    what the client missed (or the order to refresh), ending on the channel's newest id so a
    client that saw no event still has one to send back (an id without data is no event; it
    also marks, for readers of the raw stream, where the replay ends)."""
    # Spread, so the clients of a worker that died do not all come back in the same second.
    yield f"retry: {random.randint(1500, 3000)}\n: connected\n\n"  # noqa: S311 - not a secret
    if not replay.complete:
        yield frame(Event(replay.last_id, REFRESH))
        return
    yield from (frame(event) for event in replay.events)
    yield f"id: {replay.last_id}\n\n"


# A stream ends somewhere in the last half of its lifetime, not at its end: delegates open the
# map together when a session starts, and streams that all ended together reconnected together
# (the load scenario's p99s were those bursts, each re-reading the whole map).
LIFETIME_SPREAD = 0.5


def stream_seconds(lifetime: float) -> float:
    """How long one stream stays open: at most ``lifetime``, at least half of it."""
    return lifetime * random.uniform(1 - LIFETIME_SPREAD, 1)  # noqa: S311 - not a secret


def closing() -> str:
    """The last frame of a stream the server ends on purpose: come back soon (the events in
    between arrive late, by the replay), at a spread moment (``opening``'s wait is for faults)."""
    return f"retry: {random.randint(250, 1000)}\n\n"  # noqa: S311 - not a secret


HEARTBEAT = ": heartbeat\n\n"


def stream(
    subscription: Subscription,
    *,
    since: str | None = None,
    heartbeat: float = 15.0,
    lifetime: float = 300.0,
) -> Iterator[str]:
    """Server-sent events for a WSGI response, from the events after ``since`` (the client's
    ``Last-Event-ID``). Ends within ``lifetime`` (``stream_seconds``) so a worker thread is
    never held for ever; the browser reconnects on its own. It ends when its time is up, not
    at the next heartbeat after: the spread of ``stream_seconds`` is kept."""
    ends_at = time.monotonic() + stream_seconds(lifetime)
    LIVE_STREAM_CLIENTS.inc()
    try:
        try:
            replay = subscription.replay(since)
        except ChannelDown:
            return
        yield from opening(replay)
        while (left := ends_at - time.monotonic()) > 0:
            try:
                event = subscription.get(timeout=min(heartbeat, left))
            except ChannelDown:
                return
            yield HEARTBEAT if event is None else frame(event)
        yield closing()
    finally:
        LIVE_STREAM_CLIENTS.dec()
        subscription.close()


async def astream(
    channel: str, *, since: str | None = None, heartbeat: float = 15.0, lifetime: float = 300.0
) -> AsyncIterator[str]:
    """The same stream for an ASGI response (uvicorn in production): waiting holds no thread.
    If the broker fails here the stream just ends; the browser reconnects and gets the 503."""
    try:
        subscription = await broker().asubscribe(channel)
    except ChannelDown:
        return
    ends_at = time.monotonic() + stream_seconds(lifetime)
    LIVE_STREAM_CLIENTS.inc()
    try:
        try:
            replay = await subscription.replay(since)
        except ChannelDown:
            return
        for opening_frame in opening(replay):
            yield opening_frame
        while (left := ends_at - time.monotonic()) > 0:
            try:
                event = await subscription.get(timeout=min(heartbeat, left))
            except ChannelDown:
                return
            yield HEARTBEAT if event is None else frame(event)
        yield closing()
    finally:
        LIVE_STREAM_CLIENTS.dec()
        await subscription.close()
