"""The production broker: Redis pub/sub for live events, a capped stream per channel kept
beside it for replay, published and read by scripts so each is one round trip."""

import logging
import re
import time
from typing import Any

import redis
import redis.asyncio

from . import events
from .events import AsyncSubscription, ChannelDown, Event, Replay, Subscription, channel_prefix

logger = logging.getLogger(__name__)

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
    return [events.REPLAY_LIMIT, events.LOG_SECONDS, since if usable else ""]


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
    (subscribed first, so none is lost in between): those are dropped. Shared by the sync and
    async subscriptions, which differ only in how they wait."""

    def __init__(self) -> None:
        self.floor: tuple[int, int] | None = None

    def replayed(self, found: list[Any], since: str | None) -> Replay:
        """``REPLAY_SCRIPT``'s answer as a ``Replay``; live events up to its newest id are
        from then on dropped as already replayed."""
        replay = _replay_from(found, since)
        if since is not None:
            self.floor = _stream_order(replay.last_id)
        return replay

    def fresh(self, message: dict[str, Any] | None) -> Event | None:
        """The pub/sub ``message``'s event, unless there is none or it was replayed."""
        if message is None:
            return None
        event = _parse_published(message["data"])
        return event if self.floor is None or _stream_order(event.id) > self.floor else None


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
        return self._seen.replayed(found, since)

    def get(self, timeout: float) -> Event | None:
        # A subscription confirmation comes back as None too: wait on until the deadline.
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if (event := self._seen.fresh(message)) is not None:
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
        return self._seen.replayed(found, since)

    async def get(self, timeout: float) -> Event | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=left
                )
            except redis.RedisError as error:
                raise ChannelDown(str(error)) from error
            if (event := self._seen.fresh(message)) is not None:
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
                args=[message, events.REPLAY_LIMIT, events.LOG_SECONDS, self._prefix + channel],
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
