"""Reads whose SQL the ORM builds once per process, then run with new values.

Building a query's SQL costs the ORM a few tenths of a millisecond per query — for the small
reads a page makes on every request, more than running them (on SQLite or a local
PostgreSQL alike). ``Prepared(build, *names)`` calls ``build`` with a placeholder for each
argument, keeps the SQL, its parameters (the placeholders marked) and how the ORM converts
each column, and each call then only runs the SQL: the rows are what the queryset would
have given (``rows``: as ``values_list``; ``objects``: model instances, with their
``select_related`` relations; ``page(start, stop)``: a slice of the rows, its bounds
written after the SQL built once). ``counting(queryset)`` is how many rows a queryset
has, as a query a prepared read can keep.

Arguments are of five kinds: an integer the query compares (an id) becomes a placeholder;
a string the query compares for equality (a slug) too; an aware datetime compared with a
datetime column (``published_at__lte=now``) too, converted for the database as the ORM
converts it on each call; a tuple of integers (an ``__in``) a
tuple of placeholders, and its length picks one SQL per length; a bool is passed to
``build`` as it is, and picks one SQL per value (it may change the query's shape: a
visibility rule's branches). Nothing else: a value that ``build`` inspects must be a bool.
A string must reach the SQL's parameters as it was given (an exact lookup): one the ORM
rewrites (``contains``, ``iexact``) is refused when the query is built. A query that can
match nothing for an argument's shape (an empty ``__in``) gives no rows, as with the ORM;
so does an integer outside 64 bits."""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    get_related_populators,
)

from .cursors import (
    _binds_on_server,
    _let_go_of_large_result,
    _pipelined_cursors,
    _pipelines,
    prepared_cursor,
    server_rows,
    server_sql,
)
from .sql import Literal, counting

__all__ = [
    "Argument",
    "Literal",
    "Prepared",
    "Read",
    "counting",
    "prepared_cursor",
    "server_sql",
    "together",
]

M = TypeVar("M")  # a model, or the rows of values_list

# Placeholders the ORM passes through unchanged into the parameters: integers in the range
# of every integer column, that no query of ours compares with.
_PLACEHOLDER_BASE = 2_146_999_000
_INT64 = 2**63

Argument = int | bool | str | dt.datetime | tuple[int, ...]
# Stands for a string argument while the SQL is built: no real value contains it.
_TEXT_PLACEHOLDER = "\x00prepared-text-{}\x00"
# Stands for a datetime argument while the SQL is built: a moment no query of ours asks
# about (a microsecond past midnight, 2 January 1, UTC, one microsecond apart each).
_TIME_PLACEHOLDER = dt.datetime(1, 1, 2, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Each parameter: (argument name, index in a tuple argument or None), or (None, value).
    params: tuple[tuple[str | None, Any], ...]
    query: Any  # the ORM's query, bound to no connection
    fields: list[Any]
    models: bool  # rows of model instances (not ``values``/``values_list``)


@dataclass(frozen=True)
class _Bound:
    """What reading rows needs from one connection: the compiler (model population reads its
    select) and the column converters, both bound to that connection's operations."""

    compiler: Any
    converters: dict[int, Any]
    # For rows of model instances: what ``_instances`` makes each instance from, worked
    # out once (None for rows of values).
    population: "_Population | None" = None


@dataclass(frozen=True)
class _Population:
    model: Any
    start: int  # the model's own columns, row[start:end]
    end: int
    attnames: list[str]
    populators: list[Any]  # the select_related relations'
    annotations: list[tuple[str, int]]


def _shape(value: Argument) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int
    if isinstance(value, str):
        return str
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TypeError(f"A prepared read takes aware datetimes only, not {value!r}.")
        return dt.datetime
    if isinstance(value, tuple):
        return len(value)
    raise TypeError(
        f"A prepared read takes ints, strings, aware datetimes, tuples of ints and bools, "
        f"not {value!r}."
    )


class Prepared(Generic[M]):
    """``build(**arguments)`` returns the queryset; ``names`` are its arguments.
    ``convert=False``: the rows as the database driver gives them, through none of the
    ORM's converters (for a reader that takes the driver's values as they are, such as
    SQLite's 0 and 1 for a boolean: converting costs a Python call per row)."""

    def __init__(
        self, build: Callable[..., "QuerySet[Any, M]"], *names: str, convert: bool = True
    ) -> None:
        self._build, self._names, self._convert = build, names, convert
        # Per database alias and shape of the arguments; None: the query matches nothing in
        # that shape. The SQL is the same for every connection to a database; what is bound
        # to a connection is kept on the connection object itself (``_bound``), so that it
        # goes with the connection: under ASGI each request's thread has its own.
        self._compiled: dict[tuple[str, tuple[object, ...]], _Compiled | None] = {}

    def _compile(self, using: str, arguments: dict[str, Argument]) -> _Compiled | None:
        numbers = itertools.count(_PLACEHOLDER_BASE)
        where: dict[Any, tuple[str, int | None]] = {}  # placeholder: (name, index)
        placeholders: dict[str, Argument] = {}
        operations = connections[using].ops
        for name, value in arguments.items():
            if isinstance(value, bool):
                placeholders[name] = value
            elif isinstance(value, dt.datetime):
                offset = next(numbers) - _PLACEHOLDER_BASE + 1
                moment = _TIME_PLACEHOLDER + dt.timedelta(microseconds=offset)
                placeholders[name] = moment
                # As the ORM writes it into the parameters (a string on SQLite).
                where[operations.adapt_datetimefield_value(moment)] = (name, None)
            elif isinstance(value, str):
                placeholders[name] = text = _TEXT_PLACEHOLDER.format(next(numbers))
                where[text] = (name, None)
            elif isinstance(value, int):
                placeholders[name] = number = next(numbers)
                where[number] = (name, None)
            else:
                numbered = tuple(next(numbers) for _ in value)
                placeholders[name] = numbered
                where.update({number: (name, index) for index, number in enumerate(numbered)})
        queryset: Any = self._build(**placeholders)  # its private attributes are read
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("A prepared read cannot prefetch or carry known related objects.")
        query = queryset.query
        if queryset._fields:  # as ValuesListIterable orders them
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            given = [*queryset._fields]
            given += [name for name in query.annotation_select if name not in given]
            if given != names:
                raise ValueError(
                    f"Name the columns as the ORM selects them (fields before expressions): "
                    f"{names}, not {given}."
                )
        compiler = query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        marked = tuple(
            where[value]
            if isinstance(value, int | str | dt.datetime) and value in where
            else (None, value)
            for value in params
        )
        reached = {name for name, index in marked if name is not None}
        compared = {name for name, index in where.values() if index is None}
        if not compared <= reached:  # a tuple may be left out by a bool's branch
            raise ValueError(f"Not every argument of {self._names} reaches the query's SQL.")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        models = queryset._iterable_class is ModelIterable
        return _Compiled(sql, marked, query, fields, models)

    def _bound(self, connection: Any, key: tuple[object, ...], compiled: _Compiled) -> _Bound:
        bound: dict[tuple[int, tuple[object, ...]], _Bound] = connection.__dict__.setdefault(
            "_prepared_reads", {}
        )
        found = bound.get((id(self), key))
        if found is None:
            compiler = compiled.query.get_compiler(connection=connection)
            compiler.setup_query()
            converters = compiler.get_converters(compiled.fields) if self._convert else {}
            population = _population(compiler, connection.alias) if compiled.models else None
            found = _Bound(compiler, converters, population)
            bound[(id(self), key)] = found
        return found

    def _statement(
        self,
        using: str,
        arguments: dict[str, Argument],
        window: tuple[int, int] | None = None,
        connection: Any = None,
    ) -> tuple[_Compiled, _Bound, str, list[Any]] | None:
        """The SQL to run and its parameters, with what reading its rows needs; None when it
        can give no rows (a shape that matches nothing, an integer outside 64 bits).
        ``connection``: ``using``'s, when the caller has it already."""
        if set(arguments) != set(self._names):
            raise TypeError(f"Arguments {sorted(arguments)}; expected {sorted(self._names)}.")
        shape = tuple(_shape(arguments[name]) for name in self._names)
        if connection is None:
            connection = connections[using]
        key = (using, shape)
        if key not in self._compiled:
            self._compiled[key] = self._compile(using, arguments)
        compiled = self._compiled[key]
        if compiled is None:
            return None
        params = []
        for name, index in compiled.params:
            if name is None:
                params.append(index)  # a constant of the query
                continue
            value = arguments[name] if index is None else arguments[name][index]  # type: ignore[index]
            if isinstance(value, str):
                params.append(value)
                continue
            if isinstance(value, dt.datetime):
                params.append(connection.ops.adapt_datetimefield_value(value))
                continue
            if not -_INT64 <= value < _INT64:  # type: ignore[operator]
                return None  # no row has such an id (the ORM does not ask)
            params.append(int(value))  # type: ignore[arg-type]
        sql = compiled.sql
        if window is not None:
            if compiled.query.is_sliced or compiled.query.combinator:
                raise ValueError("A prepared read cut into pages must not be sliced already.")
            limit, offset = window  # ints (``page``), written as numbers
            sql = f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}"
        return compiled, self._bound(connection, key, compiled), sql, params

    def _run(
        self, using: str, arguments: dict[str, Argument], window: tuple[int, int] | None = None
    ) -> tuple[_Compiled, _Bound, list[Any]]:
        connection = connections[using]
        statement = self._statement(using, arguments, window, connection)
        if statement is None:
            return _NOTHING, _UNBOUND, []
        compiled, bound, sql, params = statement
        if _binds_on_server(connection):
            rows = server_rows(connection, server_sql(sql), params)
        else:
            with prepared_cursor(connection) as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        return compiled, bound, _converted(bound, rows)

    def read(self, using: str = DEFAULT_DB_ALIAS, **arguments: Argument) -> "Read[M]":
        """This read with these arguments, to run with others by ``together``: as ``rows()``
        gives them for a read of values, as ``objects()`` for one of model instances."""
        return Read(self, using, arguments)

    def rows(self, using: str = DEFAULT_DB_ALIAS, **arguments: Argument) -> list[tuple[Any, ...]]:
        """The rows as ``values_list`` gives them (tuples)."""
        compiled, _bound, rows = self._run(using, arguments)
        if compiled.models and compiled is not _NOTHING:
            raise TypeError("This prepared read selects model instances: use objects().")
        return [tuple(row) for row in rows]

    def _result(self, using: str, compiled: _Compiled, bound: _Bound, rows: list[Any]) -> list[Any]:
        """The rows of a read run by ``together``, as ``rows()`` or ``objects()`` gives them."""
        if compiled.models and compiled is not _NOTHING:
            return self._instances(using, bound, rows)
        return [tuple(row) for row in rows]

    def page(
        self, start: int, stop: int, using: str = DEFAULT_DB_ALIAS, **arguments: Argument
    ) -> list[tuple[Any, ...]]:
        """``rows()[start:stop]``, read as such: the SQL built once with ``LIMIT`` and
        ``OFFSET`` added, written as numbers (the ORM writes a slice's bounds into the SQL
        of a new query: a page read could not be prepared). Written, not bound: PostgreSQL
        plans a statement with a bound limit and offset for an unknown page (a tenth of the
        rows skipped), a plan costlier than a page's own, so it planned the statement
        again on every run (0.8 ms for the project list's page); with the bounds written, a
        page's statement is planned once per connection. One statement per page read."""
        if not 0 <= start <= stop:
            raise ValueError(f"A page runs from 0 <= start <= stop, not [{start}:{stop}].")
        if start == stop or start >= _INT64:
            return []  # no row lies that far (the ORM does not ask either)
        stop = min(stop, _INT64 - 1)
        compiled, _bound, rows = self._run(using, arguments, (stop - start, start))
        if compiled.models and compiled is not _NOTHING:
            raise TypeError("This prepared read selects model instances: use objects().")
        return [tuple(row) for row in rows]

    def objects(self, using: str = DEFAULT_DB_ALIAS, **arguments: Argument) -> list[M]:
        """Model instances, as iterating the queryset gives them."""
        compiled, bound, rows = self._run(using, arguments)
        if not compiled.models:
            raise TypeError("This prepared read selects values: use rows().")
        return self._instances(using, bound, rows)

    @staticmethod
    def _instances(using: str, bound: _Bound, rows: list[Any]) -> list[Any]:
        population = bound.population
        if not rows or population is None:
            return []
        model, start, end = population.model, population.start, population.end
        attnames, populators = population.attnames, population.populators
        annotations = population.annotations
        instances = []
        for row in rows:
            instance = model.from_db(using, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


def _population(compiler: Any, using: str) -> _Population:
    select, klass_info = compiler.select, compiler.klass_info
    own = klass_info["select_fields"]
    start, end = own[0], own[-1] + 1
    return _Population(
        model=klass_info["model"],
        start=start,
        end=end,
        attnames=[column[0].target.attname for column in select[start:end]],
        populators=get_related_populators(klass_info, select, using),
        annotations=list(compiler.annotation_col_map.items()),
    )


def _converted(bound: _Bound, rows: list[Any]) -> list[Any]:
    if bound.converters:
        return list(bound.compiler.apply_converters(rows, bound.converters))
    return rows


@dataclass(frozen=True)
class Read(Generic[M]):
    """A prepared read with its arguments, not yet run (``Prepared.read``)."""

    prepared: Prepared[M]
    using: str
    arguments: dict[str, Argument]

    def run(self) -> list[Any]:
        """Alone, as ``rows()`` or ``objects()``."""
        compiled, bound, rows = self.prepared._run(self.using, self.arguments)
        return self.prepared._result(self.using, compiled, bound, rows)


def together(*reads: Read[Any]) -> list[list[Any]]:
    """Each read's rows (or model instances), as ``rows()`` or ``objects()`` gives them, in
    the order given. On PostgreSQL the statements are sent at once, in one round trip
    (psycopg's pipeline mode), and their results read after: a page's half-dozen small
    reads cost as many waits for the server as for the statements' own work. Elsewhere, or
    while queries are being recorded (``prepared_cursor``), one after the other. The reads
    must not depend on one another's results. Each statement reads its own snapshot, as
    when run one by one (read committed); the statements sent before one Sync share the
    server's implicit transaction, which only reads."""
    by_database = {read.using for read in reads}
    if len(by_database) != 1 or len(reads) < 2:
        return [read.run() for read in reads]
    (using,) = by_database
    connection = connections[using]
    if not _binds_on_server(connection) or not _pipelines():
        return [read.run() for read in reads]
    statements = [
        read.prepared._statement(using, read.arguments, connection=connection) for read in reads
    ]
    with _pipelined_cursors(connection) as cursor_for, connection.connection.pipeline() as pipe:
        sent: list[Any] = []
        for statement in statements:
            if statement is None:
                sent.append(None)
                continue
            sql = server_sql(statement[2])
            cursor = cursor_for(sql)
            cursor.execute(sql, statement[3])
            sent.append(cursor)
        pipe.sync()  # everything sent: now read every result
        fetched = [[] if cursor is None else cursor.fetchall() for cursor in sent]
    for statement, cursor, rows in zip(statements, sent, fetched, strict=True):
        if cursor is not None and statement is not None:
            _let_go_of_large_result(connection.connection, server_sql(statement[2]), cursor, rows)
    results: list[list[Any]] = []
    for read, statement, rows in zip(reads, statements, fetched, strict=True):
        if statement is None:
            results.append([])
            continue
        compiled, bound, _sql, _params = statement
        results.append(read.prepared._result(using, compiled, bound, _converted(bound, rows)))
    return results


_NOTHING = _Compiled("", (), None, [], True)  # a shape that matches nothing: no rows
_UNBOUND = _Bound(None, {})
