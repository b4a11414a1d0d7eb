"""Live updates: services publish small events on a channel after their transaction commits;
pages stream them to the browser as server-sent events.

The embedded default runs one process, so the broker lives in memory. In production several
processes serve delegates, so every process publishes to and listens on Redis pub/sub. When the
channel is down the stream answers 503 and the page falls back to polling (see live-map.js).

Events name what changed (which paragraph, and how); a subscriber re-reads it through the
normal, permission-checked views. The one exception is content every subscriber of the channel
may read and that would otherwise be re-read by all of them at once: a position's event carries
its consensus-map row (negotiation/live.py), and subscribing is checked like reading the map."""

import asyncio
import json
import logging
import queue
import random
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from functools import cache
from typing import Any, Protocol

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


class ChannelDown(Exception):
    """The broker cannot be reached; callers degrade to polling."""


class Subscription(Protocol):
    def get(self, timeout: float) -> str | None: ...

    def close(self) -> None: ...


class AsyncSubscription(Protocol):
    async def get(self, timeout: float) -> str | None: ...

    async def close(self) -> None: ...


class MemorySubscription:
    def __init__(self, broker: "MemoryBroker", channel: str) -> None:
        self._broker = broker
        self._channel = channel
        self.queue: queue.SimpleQueue[str] = queue.SimpleQueue()

    def get(self, timeout: float) -> str | None:
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

    async def get(self, timeout: float) -> str | None:
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

    def check(self) -> None:
        """In memory, the channel is always up."""

    def publish(self, channel: str, message: str) -> None:
        with self._lock:
            subscribers = list(self._subscribers[channel])
        for subscription in subscribers:
            subscription.queue.put(message)

    def subscribe(self, channel: str) -> Subscription:
        subscription = MemorySubscription(self, channel)
        with self._lock:
            self._subscribers[channel].add(subscription)
        return subscription

    async def asubscribe(self, channel: str) -> AsyncSubscription:
        inner = self.subscribe(channel)
        assert isinstance(inner, MemorySubscription)  # noqa: S101 - narrows the protocol
        return AsyncMemorySubscription(inner)

    def unsubscribe(self, channel: str, subscription: MemorySubscription) -> None:
        with self._lock:
            self._subscribers[channel].discard(subscription)


class RedisSubscription:
    def __init__(self, pubsub: Any) -> None:
        self._pubsub = pubsub

    def get(self, timeout: float) -> str | None:
        # A subscription confirmation comes back as None too: wait on until the deadline.
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if message is not None:
                return message["data"].decode()
        return None

    def close(self) -> None:
        try:
            self._pubsub.close()
        except redis.RedisError:
            logger.debug("closing a broken live-update subscription", exc_info=True)


class AsyncRedisSubscription:
    def __init__(self, client: Any, pubsub: Any) -> None:
        self._client = client
        self._pubsub = pubsub

    async def get(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=left
                )
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if message is not None:
                return message["data"].decode()
        return None

    async def close(self) -> None:
        try:
            await self._pubsub.aclose()
            await self._client.aclose()
        except redis.RedisError:
            logger.debug("closing a broken live-update subscription", exc_info=True)


class RedisBroker:
    def __init__(self, url: str, prefix: str | None = None) -> None:
        self._url = url
        self._prefix = channel_prefix() if prefix is None else prefix
        self._client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)

    def check(self) -> None:
        try:
            self._client.ping()
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error

    def publish(self, channel: str, message: str) -> None:
        try:
            self._client.publish(self._prefix + channel, message)
        except redis.RedisError:
            # The write has committed; subscribers lose their stream too and poll instead.
            logger.warning("live update not published on %s", channel, exc_info=True)

    def subscribe(self, channel: str) -> Subscription:
        pubsub = self._client.pubsub()
        try:
            pubsub.subscribe(self._prefix + channel)
        except redis.RedisError as error:
            raise ChannelDown(str(error)) from error
        return RedisSubscription(pubsub)

    async def asubscribe(self, channel: str) -> AsyncSubscription:
        client = redis.asyncio.Redis.from_url(self._url, socket_connect_timeout=2)
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(self._prefix + channel)
        except redis.RedisError as error:
            await client.aclose()
            raise ChannelDown(str(error)) from error
        return AsyncRedisSubscription(client, pubsub)


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


def _frame(message: str) -> str:
    return f"data: {message}\n\n"


HELLO = "retry: 2000\n: connected\n\n"
# A stream ends somewhere in the last half of its lifetime, not at its end: delegates open the
# map together when a session starts, and streams that all ended together reconnected together,
# each re-reading the whole map in the same second (the load scenario's p99s were those bursts).
LIFETIME_SPREAD = 0.5


def stream_seconds(lifetime: float) -> float:
    """How long one stream stays open: at most ``lifetime``, at least half of it."""
    return lifetime * random.uniform(1 - LIFETIME_SPREAD, 1)  # noqa: S311 - not a secret


HEARTBEAT = ": heartbeat\n\n"


def stream(
    subscription: Subscription, *, heartbeat: float = 15.0, lifetime: float = 300.0
) -> Iterator[str]:
    """Server-sent events for a WSGI response. Ends within ``lifetime`` (``stream_seconds``) so a
    worker thread is never held for ever; the browser reconnects on its own."""
    ends_at = time.monotonic() + stream_seconds(lifetime)
    LIVE_STREAM_CLIENTS.inc()
    try:
        yield HELLO
        while time.monotonic() < ends_at:
            try:
                message = subscription.get(timeout=heartbeat)
            except ChannelDown:
                return
            yield HEARTBEAT if message is None else _frame(message)
    finally:
        LIVE_STREAM_CLIENTS.dec()
        subscription.close()


async def astream(
    channel: str, *, heartbeat: float = 15.0, lifetime: float = 300.0
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
        yield HELLO
        while time.monotonic() < ends_at:
            try:
                message = await subscription.get(timeout=heartbeat)
            except ChannelDown:
                return
            yield HEARTBEAT if message is None else _frame(message)
    finally:
        LIVE_STREAM_CLIENTS.dec()
        await subscription.close()
