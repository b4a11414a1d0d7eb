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

import asyncio
import json
import logging
import queue
import random
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, Protocol

import redis
import redis.asyncio
from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from .metrics import LIVE_STREAM_CLIENTS

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = "secretariat:live:"  # LIVE_UPDATES_CHANNEL_PREFIX overrides it


def channel_prefix() -> str:
    """Redis pub/sub channels are shared by the whole server, whatever the database index:
    processes that must not hear each other (parallel test workers, two sites on one Redis)
    set their own ``LIVE_UPDATES_CHANNEL_PREFIX``."""
    return getattr(settings, "LIVE_UPDATES_CHANNEL_PREFIX", CHANNEL_PREFIX)


# How many events a channel keeps for replay: a text's positions come at most a few a second
# in a drafting session's peak (0.2 a second in the load scenario: 20 minutes kept); a client
# away for longer re-reads the map, which by then costs less than replaying.
REPLAY_LIMIT = 256
# How long Redis keeps a text's events after its last one: a day of quiet and its map is read
# afresh by whoever comes back.
LOG_SECONDS = 24 * 60 * 60
# What a client is told when its missed events cannot be replayed: re-read everything. An event
# of a kind live-map.js already answers by re-reading the map, so a page loaded before this
# change does the right thing too.
REFRESH = '{"kind":"refresh"}'


# What a client may send as the id to resume from: an id of either broker's form (memory:
# ``<hex epoch>-<number>``, Redis: ``<ms>-<seq>``), short. Anything else stands for an id no
# channel gave, answered with REFRESH like a trimmed one: never an error, since a page told
# to refresh re-reads the map and its stream carries on with a real id (docs/decisions/0036).
CLIENT_ID = re.compile(r"[0-9a-f]{1,20}-[0-9]{1,20}")
UNKNOWN_ID = "unknown"


def resume_id(*sent: str | None) -> str | None:
    """The id a stream starts after: the first of ``sent`` that was given (a reconnecting
    browser's ``Last-Event-ID`` before the id its page was rendered at), ``None`` when none
    was (the events from now on), ``UNKNOWN_ID`` when it is no id (the client refreshes)."""
    given = next((value for value in sent if value), None)
    if given is None:
        return None
    return given if CLIENT_ID.fullmatch(given) else UNKNOWN_ID


class ChannelDown(Exception):
    """The broker cannot be reached; callers degrade to polling."""


class Event(NamedTuple):
    """One published event: its id in its channel and the message (JSON)."""

    id: str
    message: str


@dataclass(frozen=True)
class Replay:
    """What a (re)connecting client missed since the id it sent. ``last_id``: the channel's
    newest id when the stream started, so a client that saw nothing still has an id to send
    back. ``complete`` is False when the missed events are no longer all kept: it refreshes."""

    last_id: str
    events: list[Event] = field(default_factory=list)
    complete: bool = True


class Subscription(Protocol):
    def replay(self, since: str | None) -> Replay: ...

    def get(self, timeout: float) -> Event | None: ...

    def close(self) -> None: ...


class AsyncSubscription(Protocol):
    async def replay(self, since: str | None) -> Replay: ...

    async def get(self, timeout: float) -> Event | None: ...

    async def close(self) -> None: ...


def _memory_number(epoch: str, since: str) -> int | None:
    """The in-memory sequence number of ``since`` if this broker gave it, else None."""
    given_epoch, _, number = since.rpartition("-")
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if given_epoch != epoch or not (number.isascii() and number.isdigit()):
        return None
    return int(number)


class MemorySubscription:
    def __init__(
        self, broker: "MemoryBroker", channel: str, kept: list[tuple[int, str]], last: int
    ) -> None:
        self._broker = broker
        self._channel = channel
        # The channel's kept events and newest number when this subscription began (taken
        # under the broker's lock with subscribing): the live queue holds what came after.
        self._kept = kept
        self._last = last
        self.queue: queue.SimpleQueue[Event] = queue.SimpleQueue()

    def replay(self, since: str | None) -> Replay:
        epoch = self._broker.epoch
        last_id = f"{epoch}-{self._last}"
        if since is None:
            return Replay(last_id)
        number = _memory_number(epoch, since)
        oldest = self._kept[0][0] if self._kept else self._last + 1
        if number is None or number > self._last or number + 1 < oldest:
            return Replay(last_id, complete=False)  # another process's, or no longer kept
        missed = [Event(f"{epoch}-{n}", message) for n, message in self._kept if n > number]
        return Replay(last_id, missed)

    def get(self, timeout: float) -> Event | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self._broker.unsubscribe(self._channel, self)


class AsyncMemorySubscription:
    """The in-memory broker under ASGI (uvicorn without Redis): polls its queue without
    holding a thread, so a hundred open maps do not exhaust the thread pool."""

    def __init__(self, inner: MemorySubscription) -> None:
        self._inner = inner

    async def replay(self, since: str | None) -> Replay:
        return self._inner.replay(since)

    async def get(self, timeout: float) -> Event | None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._inner.queue.get_nowait()
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return None
                await asyncio.sleep(0.05)

    async def close(self) -> None:
        self._inner.close()


class MemoryBroker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[MemorySubscription]] = defaultdict(set)
        self._kept: dict[str, deque[tuple[int, str]]] = defaultdict(
            lambda: deque(maxlen=REPLAY_LIMIT)
        )
        self._numbers: dict[str, int] = defaultdict(int)
        # Ids name this broker: after a restart, an id from before asks for a refresh instead
        # of being taken for one of the new numbers.
        self.epoch = secrets.token_hex(4)

    def check(self) -> None:
        """In memory, the channel is always up."""

    def publish(self, channel: str, message: str) -> None:
        with self._lock:  # numbered, kept and queued at once: in the same order everywhere
            number = self._numbers[channel] = self._numbers[channel] + 1
            self._kept[channel].append((number, message))
            event = Event(f"{self.epoch}-{number}", message)
            for subscription in self._subscribers[channel]:
                subscription.queue.put(event)

    def newest_id(self, channel: str) -> str | None:
        """The id of the channel's newest event (``<epoch>-0`` before the first)."""
        with self._lock:
            return f"{self.epoch}-{self._numbers.get(channel, 0)}"

    def subscribe(self, channel: str) -> Subscription:
        with self._lock:
            kept = list(self._kept[channel]) if channel in self._kept else []
            subscription = MemorySubscription(self, channel, kept, self._numbers[channel])
            self._subscribers[channel].add(subscription)
        return subscription

    async def asubscribe(self, channel: str) -> AsyncSubscription:
        inner = self.subscribe(channel)
        assert isinstance(inner, MemorySubscription)  # noqa: S101 - narrows the protocol
        return AsyncMemorySubscription(inner)

    def unsubscribe(self, channel: str, subscription: MemorySubscription) -> None:
        with self._lock:
            self._subscribers[channel].discard(subscription)


# Published in one step, so the id goes out with the event and the kept copy can never be
# missing one that went out: add to the channel's capped stream, renew its lifetime, publish.
PUBLISH_SCRIPT = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'm', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[1])
return id
"""
# What a stream starts from, in one round trip: the log's newest id, and the entries from the
# client's id (ARGV[3], checked as an id beforehand; none for a first connection) to it. A
# stream that starts on an empty log marks where it started, so its client has an id to come
# back with (an empty log cannot tell "nothing happened" from "all of it expired").
REPLAY_SCRIPT = """
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local id
if newest[1] then
  id = newest[1][1]
else
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'mark', '')
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
if ARGV[3] == '' then return {id, {}} end
return {id, redis.call('XRANGE', KEYS[1], ARGV[3], id, 'COUNT', tonumber(ARGV[1]) + 1)}
"""
STREAM_ID = re.compile(r"[0-9]{1,20}-[0-9]{1,20}")  # not \d: "٣-٣" is no id Redis takes


def _stream_order(stream_id: str) -> tuple[int, int]:
    milliseconds, _, sequence = stream_id.partition("-")
    return int(milliseconds), int(sequence)


def _replay_args(since: str | None) -> list[Any]:
    usable = since is not None and STREAM_ID.fullmatch(since) is not None
    return [REPLAY_LIMIT, LOG_SECONDS, since if usable else ""]


def _replay_from(found: list[Any], since: str | None) -> Replay:
    """What ``REPLAY_SCRIPT`` found: complete only if ``since`` itself is still kept (nothing
    after it can have been trimmed) and the read reached the newest id (an approximately
    capped log may hold more than one read takes)."""
    newest, entries = found[0].decode(), found[1]
    if since is None:
        return Replay(newest)
    if not entries or entries[0][0].decode() != since or entries[-1][0].decode() != newest:
        return Replay(newest, complete=False)
    missed = []
    for entry_id, flat in entries[1:]:
        fields = dict(zip(flat[::2], flat[1::2], strict=True))
        if b"m" in fields:  # not a stream's start mark
            missed.append(Event(entry_id.decode(), fields[b"m"].decode()))
    return Replay(newest, missed)


def _parse_published(data: bytes) -> Event:
    event_id, _, message = data.decode().partition(" ")
    return Event(event_id, message)


class _LiveDeduplicator:
    """After a replay, the events read from the log are also waiting on the pub/sub channel
    (subscribed first, so none is lost in between): those are dropped."""

    def __init__(self) -> None:
        self.floor: tuple[int, int] | None = None

    def fresh(self, event: Event) -> bool:
        return self.floor is None or _stream_order(event.id) > self.floor


class RedisSubscription:
    def __init__(self, pubsub: Any, client: Any, log_key: str) -> None:
        self._pubsub = pubsub
        self._script = client.register_script(REPLAY_SCRIPT)
        self._log_key = log_key
        self._seen = _LiveDeduplicator()

    def replay(self, since: str | None) -> Replay:
        try:
            found = self._script(keys=[self._log_key], args=_replay_args(since))
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error
        replay = _replay_from(found, since)
        if since is not None:
            self._seen.floor = _stream_order(replay.last_id)
        return replay

    def get(self, timeout: float) -> Event | None:
        # A subscription confirmation comes back as None too: wait on until the deadline.
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if message is not None:
                event = _parse_published(message["data"])
                if self._seen.fresh(event):
                    return event
        return None

    def close(self) -> None:
        try:
            self._pubsub.close()
        except redis.RedisError:
            logger.debug("closing a broken live-update subscription", exc_info=True)


class AsyncRedisSubscription:
    def __init__(self, client: Any, pubsub: Any, log_key: str) -> None:
        self._client = client
        self._pubsub = pubsub
        self._script = client.register_script(REPLAY_SCRIPT)
        self._log_key = log_key
        self._seen = _LiveDeduplicator()

    async def replay(self, since: str | None) -> Replay:
        try:
            found = await self._script(keys=[self._log_key], args=_replay_args(since))
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error
        replay = _replay_from(found, since)
        if since is not None:
            self._seen.floor = _stream_order(replay.last_id)
        return replay

    async def get(self, timeout: float) -> Event | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=left
                )
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if message is not None:
                event = _parse_published(message["data"])
                if self._seen.fresh(event):
                    return event
        return None

    async def close(self) -> None:
        try:
            await self._pubsub.aclose()
            await self._client.aclose()
        except redis.RedisError:
            logger.debug("closing a broken live-update subscription", exc_info=True)


# How long a page stops asking an unreachable Redis for the newest id (``newest_id``).
DOWN_SECONDS = 2.0


class RedisBroker:
    def __init__(self, url: str, prefix: str | None = None) -> None:
        self._url = url
        self._prefix = channel_prefix() if prefix is None else prefix
        self._client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self._publish_script = self._client.register_script(PUBLISH_SCRIPT)
        self._replay_script = self._client.register_script(REPLAY_SCRIPT)
        self._down_until = 0.0  # newest_id: Redis failed, not asked again before then

    def _log_key(self, channel: str) -> str:
        return f"{self._prefix}{channel}:kept"

    def check(self) -> None:
        try:
            self._client.ping()
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error

    def publish(self, channel: str, message: str) -> None:
        try:
            self._publish_script(
                keys=[self._log_key(channel)],  # a channel is no key: an argument
                args=[message, REPLAY_LIMIT, LOG_SECONDS, self._prefix + channel],
            )
        except redis.RedisError:
            # The write has committed; subscribers lose their stream too and poll instead.
            logger.warning("live update not published on %s", channel, exc_info=True)

    def newest_id(self, channel: str) -> str | None:
        """The id of the channel's newest event, in one round trip (the stream's opening
        read without a client id: an empty log gets its start mark). None when Redis cannot
        be reached: the page then opens its stream without one, as before — and for the next
        ``DOWN_SECONDS`` pages do not wait on it again (their streams get the 503 and poll)."""
        if time.monotonic() < self._down_until:
            return None
        try:
            found = self._replay_script(keys=[self._log_key(channel)], args=_replay_args(None))
        except redis.RedisError:
            self._down_until = time.monotonic() + DOWN_SECONDS
            logger.warning("newest live-update id of %s not read", channel, exc_info=True)
            return None
        return str(found[0].decode())

    def subscribe(self, channel: str) -> Subscription:
        pubsub = self._client.pubsub()
        try:
            pubsub.subscribe(self._prefix + channel)
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error
        return RedisSubscription(pubsub, self._client, self._log_key(channel))

    async def asubscribe(self, channel: str) -> AsyncSubscription:
        client = redis.asyncio.Redis.from_url(self._url, socket_connect_timeout=2)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(self._prefix + channel)
        except redis.RedisError as error:
            await client.aclose()
            raise ChannelDown(str(error)) from error
        return AsyncRedisSubscription(client, pubsub, self._log_key(channel))


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
