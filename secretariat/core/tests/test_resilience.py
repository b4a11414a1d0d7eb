"""What users get when the database, Redis or the disk fails (ADR 0035); the drills in
scripts/drills.py break real servers, these tests the pieces, on real failures."""

import json
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import RequestFactory

from secretariat.core import unavailable
from secretariat.core.resilient_cache import FallbackRedisCache
from secretariat.meetings.models import Document
from secretariat.meetings.tests.factories import PDF_BYTES, MeetingFactory
from secretariat.testing.world import client_for


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once closed


def test_the_cache_answers_from_memory_while_redis_cannot_be_reached():
    cache = FallbackRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"KEY_PREFIX": "t"})
    assert cache.get("missing", "default") == "default"
    cache.set("page", "rendered", 60)
    assert cache.get("page") == "rendered"
    assert cache.add("count", 0, 60) and cache.incr("count") == 1
    assert cache._outage.dirty >= {("page", None), ("count", None)}  # reset when Redis is back


def test_one_redis_client_serves_every_call_and_the_fallback_still_answers():
    """Django makes a ``redis.Redis`` per cache call; ours one per connection pool, and a
    Redis that goes away is still noticed through it."""
    cache = FallbackRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"KEY_PREFIX": "t"})
    client = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is client
    cache.set("page", "rendered", 60)
    assert cache.get("page") == "rendered" and cache._outage.dirty >= {("page", None)}


def test_every_request_context_shares_the_process_connection_pool(settings):
    """Under ASGI each request runs in a context of its own, and Django gives each context
    its own cache object: they must still share one client and pool, or every request opens
    (and drops) a connection to Redis."""
    import contextvars

    from django.core.cache import caches

    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "secretariat.core.resilient_cache.FallbackRedisCache",
            "LOCATION": url,
        }
    }

    def in_a_request_context() -> tuple[object, object]:
        cache = caches["default"]
        return cache, cache._cache._get_connection_pool(True)

    first_cache, first_pool = contextvars.Context().run(in_a_request_context)
    second_cache, second_pool = contextvars.Context().run(in_a_request_context)
    assert first_cache is not second_cache  # Django's per-context objects...
    assert first_pool is second_pool  # ...on the process's one pool
    other = FallbackRedisCache(url, {"OPTIONS": {"socket_timeout": 3}})
    assert other._cache is not first_cache._cache  # other options, another client


def test_writes_nobody_waits_for_land_and_leave_the_connection_clean():
    """``set_many_unanswered`` sends each write after ``CLIENT REPLY SKIP``: Redis answers
    none of them, so the next command on the same connection reads its own answer. Without
    Redis (the SQLite pass has none) it writes to the local cache, marked to be reset."""
    from django.conf import settings

    url = settings.REDIS_URL  # the worker's own database (settings/test.py)
    if not url:
        down = FallbackRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"KEY_PREFIX": "u"})
        down.set_many_unanswered({"a": ("state", "text")}, 60)
        assert down.get("a") == ("state", "text")
        assert ("a", None) in down._outage.dirty
        return
    # Options of its own, so a pool of its own: clients are shared by the whole process
    # (``FallbackRedisCache._cache``), and another test's threads may have opened a second
    # connection in the default pool.
    cache = FallbackRedisCache(
        url, {"KEY_PREFIX": "unanswered-test", "OPTIONS": {"socket_timeout": 1.5}}
    )
    values = {f"k{n}": (f"state {n}", "x" * 5000 * n) for n in range(4)}
    cache.set_many_unanswered(values, 60)
    # One connection in the pool: the reads below go over the one the writes went over.
    assert cache._cache.get_client(write=True).connection_pool._created_connections == 1
    assert cache.get_many(list(values)) == values
    assert cache.get("k2") == values["k2"] and cache.add("fresh", 1, 60)
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_and_validate_key("k3")) <= 60
    cache.delete_many([*values, "fresh"])


def test_a_get_gives_what_djangos_client_gives_and_survives_a_dropped_connection():
    """``get`` and ``get_many`` send their GET and MGET on a pooled connection themselves:
    the values (pickled, integers, missing, versions) are those Django's client gives, and
    a connection that Redis dropped is replaced in passing, without taking Redis for
    down."""
    import redis
    from django.conf import settings

    if not settings.REDIS_URL:  # the SQLite pass has no Redis
        pytest.skip("no Redis in this pass")
    # Options of its own, so a pool of its own (as above).
    cache = FallbackRedisCache(
        settings.REDIS_URL, {"KEY_PREFIX": "get-test", "OPTIONS": {"socket_timeout": 1.25}}
    )
    values = {"dict": {"_auth_user_id": "7", "x": "y" * 300}, "int": 42, "text": "é"}
    cache.set_many(values, 60)
    cache.set("versioned", "two", 60, version=2)
    client = cache._cache.get_client(write=True)
    for key, value in values.items():
        assert cache.get(key) == value == cache._cache.get(cache.make_and_validate_key(key), None)
    assert cache.get("missing", "default") == "default"
    assert cache.get("versioned") is None and cache.get("versioned", version=2) == "two"
    asked = ["text", "missing", "dict", "int", "versioned"]
    redis_keys = [cache.make_and_validate_key(key) for key in asked]
    djangos = {asked[redis_keys.index(k)]: v for k, v in cache._cache.get_many(redis_keys).items()}
    assert cache.get_many(asked) == values == djangos
    assert list(cache.get_many(asked)) == ["text", "dict", "int"]  # in the order asked
    assert cache.get_many(["versioned"], version=2) == {"versioned": "two"}
    assert cache.get_many([]) == {}
    for read in (lambda: cache.get("dict"), lambda: cache.get_many(["dict"])["dict"]):
        (connection,) = client.connection_pool._available_connections
        connection.send_command("CLIENT", "ID")
        own_id = connection.read_response()
        redis.Redis.from_url(settings.REDIS_URL).client_kill_filter(_id=own_id)
        assert read() == values["dict"]  # on a new connection
    assert cache._outage.retry_at == 0.0 and not cache._outage.dirty
    cache.delete_many([*values, "versioned"])
    cache.delete("versioned", version=2)


def test_counters_in_one_round_trip_count_as_one_by_one_with_or_without_redis():
    """``count_in_windows`` (rate limits): Redis's script and the local cache's ``add`` and
    ``incr`` give the same counts, stop after the first count over its limit, and a key
    made afresh lives its seconds."""
    from django.conf import settings

    from secretariat.core.resilient_cache import count_in_windows

    down = FallbackRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"KEY_PREFIX": "c"})
    caches = [down]
    if settings.REDIS_URL:  # the worker's own database (settings/test.py)
        caches.append(FallbackRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "counters-test"}))
    for cache in caches:
        cache.delete_many(["a", "b"])
        assert count_in_windows(cache, [("a", 60, 1), ("b", 60, 5)]) == [1, 1]
        assert count_in_windows(cache, [("a", 60, 1), ("b", 60, 5)]) == [2]  # a is over
        assert count_in_windows(cache, [("b", 60, 5)]) == [2]
        assert cache.get("a") == 2 and cache.get("b") == 2
        cache.delete_many(["a", "b"])
    if len(caches) == 2:
        live = caches[1]
        count_in_windows(live, [("a", 60, 1)])
        client = live._cache.get_client(write=True)
        assert 0 < client.ttl(live.make_and_validate_key("a")) <= 60
        live.delete("a")
    assert ("a", None) in down._outage.dirty  # counted locally, reset when Redis is back


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/negotiation/texts", "/en/negotiation/"])
def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(path):
    request = RequestFactory().get(path)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        raise OperationalError("connection refused")  # as psycopg raises it on a restart
    except OperationalError:
        response = unavailable.server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    if path.startswith("/api/"):
        assert json.loads(response.content)["type"].endswith("/service-unavailable")


def test_any_other_error_is_still_a_500():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = unavailable.server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_an_upload_that_cannot_be_written_is_a_409_and_nothing_is_stored(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    # A file where the documents' folder should be: the OS refuses to create it (ENOTDIR).
    (settings.MEDIA_ROOT / "meetings").write_bytes(b"in the way")
    meeting = MeetingFactory(forum=world.body, code="FULL", start_date="2025-08-04")
    payload = {"title": {"en": {"text": "P", "status": "original"}}, "purpose": "information"}
    response = client_for("delegate_a", world).post(
        f"/api/meetings/meetings/{meeting.pk}/documents",
        {"payload": json.dumps(payload), "file": SimpleUploadedFile("p.pdf", PDF_BYTES)},
    )
    assert response.status_code == 409, response.content
    assert response.json()["type"].endswith("/file-not-stored")
    assert not Document.objects.filter(meeting=meeting).exists()
    assert [p.name for p in settings.MEDIA_ROOT.rglob("*")] == ["meetings"]
