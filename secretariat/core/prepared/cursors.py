"""The cursors prepared reads run on: on PostgreSQL, ones that bind parameters on the server
and prepare each statement (``prepared_cursor``), or take SQL already in the server's own form
(``server_sql``); elsewhere, Django's own."""

import functools
import itertools
import re
from typing import Any


def prepared_cursor(connection: Any) -> Any:
    """A cursor for a prepared read, or a hand-written read run on every request. On
    PostgreSQL, one that binds its parameters on the server, on a connection that prepares
    each statement the first time it runs: planning the meeting page's read of the meeting
    with its sessions, agenda and counts cost PostgreSQL as much as running it (0.66 ms of
    1.4 ms), on every request. Django's own cursors bind on the client (``ClientCursor``),
    which never prepares, so nothing else is prepared; a statement stays prepared for the
    connection's life (psycopg keeps the last hundred). Elsewhere, and while queries are
    being recorded (``DEBUG``, a test counting queries: Django can show the SQL of a
    client-bound query only), Django's own cursor."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,  # defined for psycopg 3 only
    )

    connection.ensure_connection()
    raw = connection.connection
    raw.prepare_threshold = 0  # prepared the first time (Django's default: never)
    return connection._prepare_cursor(ServerBindingCursor(raw))  # Django's wrapper


def _raw_cursor(connection: Any) -> Any:
    """``prepared_cursor`` on PostgreSQL for SQL already in the server's own form
    (``server_sql``): psycopg then sends it as it is. Its ordinary cursor parses each
    statement for its ``%s`` on every run, in Python, unless the statement is short and has
    at most fifty parameters: for the project list's page details (three parts of fifty ids)
    that parse cost more than running the statement."""
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        CursorMixin,  # defined for psycopg 3 only
    )
    from psycopg import RawCursor

    global _RawBindingCursor
    if _RawBindingCursor is None:
        _RawBindingCursor = type("RawBindingCursor", (CursorMixin, RawCursor), {})
    connection.ensure_connection()
    raw = connection.connection
    raw.prepare_threshold = 0  # as ``prepared_cursor``
    return connection._prepare_cursor(_RawBindingCursor(raw))


_RawBindingCursor: Any = None


@functools.lru_cache(maxsize=1024)
def server_sql(sql: str) -> str:
    """Django's SQL (``%s`` for each parameter, ``%%`` for a percent sign) with PostgreSQL's
    own placeholders (``$1``, ``$2``…), converted once per statement."""
    numbers = itertools.count(1)
    return re.sub(r"%([%s])", lambda m: "%" if m[1] == "%" else f"${next(numbers)}", sql)


def _binds_on_server(connection: Any) -> bool:
    return connection.vendor == "postgresql" and not connection.queries_logged


@functools.cache
def _pipelines() -> bool:
    """Whether psycopg's libpq has pipeline mode (libpq 14 and later)."""
    from psycopg import Pipeline

    return bool(Pipeline.is_supported())
