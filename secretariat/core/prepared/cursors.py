"""The cursors prepared reads run on: on PostgreSQL, ones that bind parameters on the server
and prepare each statement (``prepared_cursor``), or take SQL already in the server's own form
(``server_sql``); elsewhere, Django's own."""

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    cursor_class = _raw_binding_cursor_class()
    connection.ensure_connection()
    raw = connection.connection
    raw.prepare_threshold = 0  # as ``prepared_cursor``
    return connection._prepare_cursor(cursor_class(raw))


_RawBindingCursor: Any = None
# Cursors kept per PostgreSQL connection, one per statement (``_kept_cursor``).
_KEPT_CURSORS = 64
# A cursor whose result has more rows than this is not kept (``_let_go_of_large_result``).
_KEPT_ROWS = 500


def server_rows(connection: Any, sql: str, params: list[Any]) -> list[Any]:
    """The rows of ``sql`` (in the server's form, ``server_sql``) with ``params``, run on a
    cursor kept on the PostgreSQL connection for that statement (``_kept_cursor``), not
    through a new cursor in Django's wrapper: each prepared read of a signed-in request
    paid more for making, wrapping and setting up its cursor than PostgreSQL took to run
    it. Django's checks before a query stay (the connection made if needed, its thread, a
    transaction broken by an earlier error) and its errors are Django's, as from Django's
    cursor. With execute wrappers installed (``connection.execute_wrapper``), through
    Django's cursor, which calls them."""
    if connection.execute_wrappers:
        with _raw_cursor(connection) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()  # type: ignore[no-any-return]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    cursor = _kept_cursor(raw, sql)
    with connection.wrap_database_errors:
        cursor.execute(sql, params)
        rows: list[Any] = cursor.fetchall()
    _let_go_of_large_result(raw, sql, cursor, rows)
    return rows


def _kept_cursor(raw: Any, sql: str) -> Any:
    """A psycopg cursor kept on the connection for this statement, reused each time it
    runs: besides not being made again, a cursor that runs the same statement (the same
    string, which ``server_sql`` keeps) keeps psycopg's adapters for its parameters and
    columns, which a new cursor (or one last used for another statement) looks up anew.
    Kept on psycopg's connection itself, which a pool hands from request to request (and
    drops with its cursors when it closes it); a cursor holds no state of the connection's
    (transactions and prepared statements are the connection's), only its last result
    until it runs again: at most ``_KEPT_CURSORS`` per connection, the oldest closed."""
    kept: dict[str, Any] | None = raw.__dict__.get("_secretariat_kept_cursors")
    if kept is None:
        kept = raw._secretariat_kept_cursors = {}
    cursor = kept.get(sql)
    if cursor is None:
        if len(kept) >= _KEPT_CURSORS:
            kept.pop(next(iter(kept))).close()
        cursor = kept[sql] = _raw_binding_cursor_class()(raw)
        _load_times_in_c(cursor)
    raw.prepare_threshold = 0  # as ``prepared_cursor``
    return cursor


def _let_go_of_large_result(raw: Any, sql: str, cursor: Any, rows: list[Any]) -> None:
    """A kept cursor holds its last result until it runs again: one of more than
    ``_KEPT_ROWS`` rows is not kept (nor its cursor, whose set-up such a read amortises)."""
    if len(rows) > _KEPT_ROWS:
        kept = raw.__dict__.get("_secretariat_kept_cursors", {})
        if kept.get(sql) is cursor:
            del kept[sql]
        cursor.close()


def _load_times_in_c(cursor: Any) -> None:
    """Read the cursor's ``timestamptz`` columns with psycopg's compiled parser. Django's
    loader (``BaseTzLoader``: psycopg's parser in Python, then the time zone Django asks
    for) took 2.8 µs a value, a third of a row's reading in a read of timestamps; this one
    gives the same values (the same conversion to the connection's time zone, then
    Django's ``tzinfo``) in 0.9 µs. Kept cursors only: other queries load as Django does."""
    import psycopg
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg.adapt import Loader
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    oid = _TIMESTAMPTZ_OID
    django_loader = cursor.adapters.get_loader(oid, Format.TEXT)
    # psycopg's own default: the compiled loader where psycopg_binary (or _c) is installed.
    compiled = psycopg.adapters.get_loader(oid, Format.TEXT)
    if (
        compiled is None
        or issubclass(compiled, TimestamptzLoader)  # the pure Python one: nothing gained
        or django_loader is None
        or not issubclass(django_loader, BaseTzLoader)
    ):
        return  # left as Django set it
    timezone, parser_class = django_loader.timezone, compiled
    loader = _COMPILED_TZ_LOADERS.get(timezone)
    if loader is None:

        class CompiledTzLoader(Loader):
            def __init__(self, oid: int, context: Any = None) -> None:
                super().__init__(oid, context)
                self._parse = parser_class(oid, context).load

            def load(self, data: Any) -> Any:
                return self._parse(data).replace(tzinfo=timezone)

        loader = _COMPILED_TZ_LOADERS[timezone] = CompiledTzLoader
    cursor.adapters.register_loader(oid, loader)


_TIMESTAMPTZ_OID = 1184  # psycopg.postgres.types["timestamptz"].oid
_COMPILED_TZ_LOADERS: dict[Any, type] = {}


@contextmanager
def _pipelined_cursors(connection: Any) -> Iterator[Callable[[str], Any]]:
    """For ``together``: a cursor for each statement of a pipeline (the connection's kept
    one, as ``server_rows``; a new one for a statement sent twice, whose results are read
    after both were sent), with Django's checks before a query and its errors, as
    ``server_rows``. With execute wrappers installed, Django's cursors, which call them."""
    if connection.execute_wrappers:
        connection.ensure_connection()  # the pipeline is entered before the first cursor
        made: list[Any] = []

        def wrapped_cursor(_sql: str) -> Any:
            made.append(_raw_cursor(connection))
            return made[-1]

        try:
            with connection.wrap_database_errors:
                yield wrapped_cursor
        finally:
            for cursor in made:
                cursor.close()
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    used: set[str] = set()

    def cursor_for(sql: str) -> Any:
        if sql in used:
            cursor = _raw_binding_cursor_class()(raw)
            _load_times_in_c(cursor)  # as a kept cursor loads them
            return cursor
        used.add(sql)
        return _kept_cursor(raw, sql)

    with connection.wrap_database_errors:
        yield cursor_for


def _raw_binding_cursor_class() -> Any:
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        CursorMixin,  # defined for psycopg 3 only
    )
    from psycopg import RawCursor

    global _RawBindingCursor
    if _RawBindingCursor is None:
        _RawBindingCursor = type("RawBindingCursor", (CursorMixin, RawCursor), {})
    return _RawBindingCursor


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
