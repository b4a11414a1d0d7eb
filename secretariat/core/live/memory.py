"""The embedded default's broker: one process, events numbered and kept in memory."""

import asyncio
import queue
import secrets
import threading
import time
from collections import defaultdict, deque

from . import events
from .events import AsyncSubscription, Event, Replay, Subscription


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
            lambda: deque(maxlen=events.REPLAY_LIMIT)
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
