"""Django's Redis cache that keeps the site up while Redis is down (ADR 0035).

Django's ``RedisCache`` raises on every call when Redis cannot be reached, which would turn
every page into a 500. This one answers from a per-process local-memory cache instead (pages
are rendered from the database, rate limits count per process: looser, never off) and tries
Redis again after ``RETRY_SECONDS``. What a process wrote or deleted meanwhile (renewed cache
tokens, a signed-out session) never reached Redis, so Redis may still hold the old values: when
Redis answers again, those keys are deleted there before anything else is read (a background
thread does it for a process that has gone quiet), and readers rebuild them from the database.
"""

import logging
import threading
import time
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0
# Failures that mean "Redis is not there", not "this command was wrong".
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError)


class _Outage:
    """Per process and location: the cache backend object is per thread, outages are not."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.dirty: set[tuple[str, int | None]] = set()
        self.reconciler: threading.Thread | None = None


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis cache client, making one ``redis.Redis`` per connection pool instead of
    one per call: its constructor sets up some 170 response callbacks, and with five cache
    calls (a consensus map read after a change) that was four tenths of the time spent with
    Redis. A ``redis.Redis`` on a pool keeps no state of its own between commands (each takes
    a connection from the pool and gives it back), so one serves every call, from any
    thread."""

    def _get_connection_pool(self, write: bool) -> Any:
        # Shared by every thread of the process (``FallbackRedisCache._cache``): two threads
        # asking first must not each make a pool, one of them then lost with its connection.
        with _POOLS_LOCK:
            return super()._get_connection_pool(write)  # type: ignore[misc]

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        clients: dict[int, Any] = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))  # a pool lives as long as this object
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


_POOLS_LOCK = threading.Lock()
# One client (and so one connection pool) per process and configuration: see ``_cache``.
_CLIENTS: dict[tuple[tuple[str, ...], str], _OneClientPerPool] = {}
_CLIENTS_LOCK = threading.Lock()


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        # Fail fast: an unreachable Redis must cost a page a second at most, not a hang.
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _OneClientPerPool
        with _OUTAGES_LOCK:
            self._outage = _OUTAGES.setdefault(server, _Outage())
        self._fallback = LocMemCache(
            f"redis-fallback:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 5000},
            },
        )

    @cached_property
    def _cache(self) -> _OneClientPerPool:
        """The process's client for this server and these options, not one per cache object.
        Django makes a cache object per thread and asyncio context, and under ASGI every
        request runs in a context of its own: each request's object made its own connection
        pool, so each request opened a TCP connection to Redis (with redis-py's ``CLIENT
        SETINFO`` handshake, which reads the package's metadata from disk) and dropped it —
        2-3 ms of CPU on every page, a third of a cached public page's (Django ticket
        #35651). A pool is safe to share between threads; redis-py resets it after a fork."""
        django: Any = self  # Django's private attributes, which its stubs do not name
        servers, options = tuple(django._servers), django._options
        key = (servers, repr(sorted(options.items())))
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                client = _CLIENTS[key] = self._class(list(servers), **options)
        return client

    # Redis first, the local cache while Redis is down ---------------------------------------

    def _run(self, name: str, keys: list[Any], version: int | None, *args: Any, **kw: Any) -> Any:
        outage = self._outage
        if time.monotonic() >= outage.retry_at:
            try:
                if outage.dirty:
                    self._reconcile()
                return getattr(super(), name)(*args, **kw)
            except REDIS_DOWN as error:
                self._went_down(error)
        if name not in ("get", "get_many", "has_key"):
            with outage.lock:
                outage.dirty.update((str(key), version) for key in keys)
        return getattr(self._fallback, name)(*args, **kw)

    def _went_down(self, error: BaseException) -> None:
        outage = self._outage
        with outage.lock:
            first = outage.retry_at == 0.0
            outage.retry_at = time.monotonic() + RETRY_SECONDS
            if outage.reconciler is None or not outage.reconciler.is_alive():
                outage.reconciler = threading.Thread(
                    target=self._reconcile_when_back, name="redis-cache-reconciler", daemon=True
                )
                outage.reconciler.start()
        if first:
            logger.warning("Redis cache unreachable, using the local cache: %s", error)

    def _reconcile(self) -> None:
        """Delete in Redis what this process changed while Redis was down."""
        outage = self._outage
        with outage.lock:
            dirty = list(outage.dirty)
        by_version: dict[int | None, list[str]] = {}
        for key, version in dirty:
            by_version.setdefault(version, []).append(key)
        for version, keys in by_version.items():
            super().delete_many(keys, version=version)
        with outage.lock:
            outage.dirty.difference_update(dirty)
            outage.retry_at = 0.0
        self._fallback.clear()
        logger.warning("Redis cache back; %d keys changed meanwhile were reset", len(dirty))

    def _reconcile_when_back(self) -> None:
        while True:
            time.sleep(RETRY_SECONDS)
            try:
                if self._outage.dirty:
                    self._reconcile()
                else:
                    super().get("redis-fallback-probe")
                    self._outage.retry_at = 0.0
                return
            except REDIS_DOWN:
                continue

    # The public interface, each through _run -----------------------------------------------

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._run("add", [key], version, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        """As ``_run("get", …)``, with the command sent on a pooled connection directly:
        through ``redis.Redis``'s ``execute_command`` (and Django's client) a GET, the
        session read of every signed-in request, cost twice as much Python as its round
        trip (metrics hooks with no metrics set up, response callbacks). The retries on a
        failed connection, the outage handling and the values are the same."""
        outage = self._outage
        if outage.dirty or time.monotonic() < outage.retry_at:
            return self._run("get", [key], version, key, default, version)
        redis_key = self.make_and_validate_key(key, version=version)
        django: Any = self  # Django's private attributes, which its stubs do not name
        try:
            value = _answer(django._cache.get_client(redis_key), "GET", redis_key)
        except REDIS_DOWN as error:
            self._went_down(error)
            return self._fallback.get(key, default, version)
        return default if value is None else django._cache._serializer.loads(value)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._run("set", [key], version, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._run("touch", [key], version, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._run("delete", [key], version, key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        """As ``_run("get_many", …)``, with ``MGET`` sent on a pooled connection directly,
        as ``get`` sends ``GET``: the cache tokens and the rendering kept for them, read
        on every cached page, cost more Python through ``redis.Redis`` than their round
        trip."""
        keys = list(keys)
        outage = self._outage
        if not keys or outage.dirty or time.monotonic() < outage.retry_at:
            return self._run("get_many", keys, version, keys, version)
        by_redis_key = {self.make_and_validate_key(key, version=version): key for key in keys}
        django: Any = self  # Django's private attributes, which its stubs do not name
        try:
            values = _answer(django._cache.get_client(None), "MGET", *by_redis_key)
        except REDIS_DOWN as error:
            self._went_down(error)
            return self._fallback.get_many(keys, version)
        loads = django._cache._serializer.loads
        return {
            key: loads(value)
            for key, value in zip(by_redis_key.values(), values, strict=True)
            if value is not None
        }

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._run("has_key", [key], version, key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._run("incr", [key], version, key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._run("set_many", list(data), version, data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        keys = list(keys)
        return self._run("delete_many", keys, version, keys, version)

    def clear(self) -> Any:
        self._fallback.clear()
        return super().clear()

    # Counters in one round trip --------------------------------------------------------------

    def count_in_windows(self, counters: list[tuple[str, int, int]]) -> list[int]:
        """The module's ``count_in_windows`` in one round trip (a script Redis runs at
        once); while Redis is down, or was and is not reconciled yet, one by one through
        ``add`` and ``incr`` (``count_each``), as on any other cache."""
        outage = self._outage
        if not counters or outage.dirty or time.monotonic() < outage.retry_at:
            return count_each(self, counters)
        django: Any = self  # Django's private attributes, which its stubs do not name
        client = django._cache.get_client(write=True)
        script = _COUNT_SCRIPTS.get(id(client))
        if script is None:
            script = _COUNT_SCRIPTS[id(client)] = client.register_script(_COUNT_SCRIPT)
        keys = [self.make_and_validate_key(key) for key, _seconds, _limit in counters]
        limits = [value for _key, seconds, limit in counters for value in (seconds, limit)]
        try:
            return [int(used) for used in script(keys=keys, args=limits, client=client)]
        except REDIS_DOWN as error:
            self._went_down(error)
            return count_each(self, counters)
        except redis.ResponseError:  # scripts refused here (an ACL): one by one
            return count_each(self, counters)

    # Writes nobody waits for ------------------------------------------------------------------

    def set_many_unanswered(self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT) -> None:
        """``set_many`` without waiting for Redis's answer: each write goes after ``CLIENT
        REPLY SKIP``, so Redis sends none and the writer does not wait a round trip for it
        (after a change, the meeting page's rendering waited as long for its write as for
        its read). For renderings kept for whoever comes next, each stored with the state it
        was rendered in and checked when read: a write Redis drops is a later cache miss,
        never a wrong answer. While Redis is down, or where it refuses ``CLIENT REPLY``
        (checked once per process), as ``set_many``."""
        seconds = self.get_backend_timeout(timeout)
        outage = self._outage
        if (
            not data
            or seconds is None
            or seconds <= 0
            or outage.dirty
            or time.monotonic() < outage.retry_at
            or not self._skips_replies()
        ):
            self.set_many(data, timeout)
            return
        django: Any = self  # Django's private attributes, which its stubs do not name
        client = django._cache.get_client(write=True)
        dumps = django._cache._serializer.dumps
        commands: list[tuple[Any, ...]] = []
        for key, value in data.items():
            commands.append(_SKIP_REPLY)
            commands.append(("SET", self.make_and_validate_key(key), dumps(value), "EX", seconds))
        pool = client.connection_pool
        connection = pool.get_connection()
        try:
            connection.send_packed_command(connection.pack_commands(commands))
        except REDIS_DOWN as error:
            connection.disconnect()
            self._went_down(error)
            self.set_many(data, timeout)  # into the local cache, marked to be reset
        finally:
            pool.release(connection)

    def _skips_replies(self) -> bool:
        """Whether Redis takes ``CLIENT REPLY SKIP`` (a renamed or forbidden command would
        answer with an error that the next reader of the connection would take for its
        own answer): asked once per process and server."""
        django: Any = self  # Django's private attributes, which its stubs do not name
        server = django._servers[0]
        known = _SKIPS_REPLIES.get(server)
        if known is None:
            try:
                client = django._cache.get_client(write=True)
                pool = client.connection_pool
                connection = pool.get_connection()
                try:
                    connection.send_packed_command(
                        connection.pack_commands([_SKIP_REPLY, ("PING",), ("ECHO", _PROBE)])
                    )
                    answer = connection.read_response()
                    if answer not in (_PROBE, _PROBE.encode()):  # an error, then two answers
                        connection.disconnect()
                    known = answer in (_PROBE, _PROBE.encode())
                except REDIS_DOWN:
                    connection.disconnect()
                    raise
                except Exception:  # noqa: BLE001 - whatever the reason, do not skip replies
                    connection.disconnect()
                    known = False
                finally:
                    pool.release(connection)
            except REDIS_DOWN:
                return False  # ask again when Redis is back
            _SKIPS_REPLIES[server] = known
        return known


def _answer(client: Any, *command: Any) -> Any:
    """Redis's answer to ``command`` (``GET key``: bytes or None; ``MGET keys``: a list of
    those), as ``client.execute_command`` gives it: on a connection from the client's pool,
    with its retry policy, the connection dropped when it fails."""
    pool = client.connection_pool
    connection = pool.get_connection()
    try:
        return connection.retry.call_with_retry(
            lambda: _ask(connection, command), lambda _error: connection.disconnect()
        )
    finally:
        if connection.should_reconnect():  # as redis-py after each command
            connection.disconnect()
        pool.release(connection)


def _ask(connection: Any, command: tuple[Any, ...]) -> Any:
    connection.send_command(*command)
    return connection.read_response()


def count_in_windows(cache: Any, counters: list[tuple[str, int, int]]) -> list[int]:
    """Count one more under each ``(key, seconds, limit)`` in turn (a key made afresh lives
    ``seconds``), stopping after the first count above its ``limit``: the counts made, in
    order. In one round trip on Redis (``FallbackRedisCache.count_in_windows``)."""
    counting = getattr(cache, "count_in_windows", None)
    return counting(counters) if counting is not None else count_each(cache, counters)


def count_each(cache: Any, counters: list[tuple[str, int, int]]) -> list[int]:
    """``count_in_windows`` through the cache's ``add`` and ``incr``, a key at a time."""
    counts = []
    for key, seconds, limit in counters:
        cache.add(key, 0, seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # evicted between add and incr: count afresh
            cache.set(key, 1, seconds)
            used = 1
        counts.append(used)
        if used > limit:
            break
    return counts


# KEYS: the counters; ARGV: each one's seconds and limit. As ``count_each``, at once.
_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'EX', ARGV[2 * i - 1], 'NX')
  local used = redis.call('INCR', key)
  counts[i] = used
  if used > tonumber(ARGV[2 * i]) then
    break
  end
end
return counts
"""
_COUNT_SCRIPTS: dict[int, Any] = {}
_SKIP_REPLY = ("CLIENT", "REPLY", "SKIP")
_PROBE = "client-reply-skip-probe"
_SKIPS_REPLIES: dict[str, bool] = {}


__all__: list[str] = ["FallbackRedisCache"]
