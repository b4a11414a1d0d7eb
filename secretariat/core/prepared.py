"""Reads whose SQL the ORM builds once per process and connection, then run with new values.

Building a query's SQL costs the ORM a few tenths of a millisecond per query — for the small
reads a page makes on every request, more than running them (on SQLite or a local
PostgreSQL alike). ``Prepared(build)`` calls ``build`` once per connection with a
placeholder for each argument, keeps the SQL, its parameters (the placeholders marked) and
how the ORM converts each column, and each call then only runs the SQL: the rows are what the
queryset would have given (``rows``: as ``values_list``; ``objects``: model instances, with
their ``select_related`` relations).

Only for queries of a fixed shape: arguments are integers that the query compares (ids), not
lists (an ``__in`` of varying length gives other SQL), and the query must not be empty for
them (``.none()``). An argument outside 64 bits matches nothing, as with the ORM."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

M = TypeVar("M", bound=Model)

# Placeholders the ORM passes through unchanged into the parameters: integers in the range
# of every integer column, that no query of ours compares with.
_PLACEHOLDER_BASE = 2_146_999_000
_INT64 = 2**63


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[tuple[str | None, Any], ...]  # (argument name, or None and the value)
    compiler: Any  # the ORM's compiler: converters and model population read it
    converters: dict[int, Any]
    models: bool  # rows of model instances (not ``values``/``values_list``)


class Prepared(Generic[M]):
    """``build(**placeholders)`` returns the queryset; ``names`` are its arguments."""

    def __init__(self, build: Callable[..., "QuerySet[M]"], *names: str) -> None:
        self._build, self._names = build, names
        # Per connection object (one per thread): converters are bound to their connection.
        self._compiled: WeakKeyDictionary[Any, _Compiled] = WeakKeyDictionary()

    def _compile(self, using: str) -> _Compiled:
        placeholders = {name: _PLACEHOLDER_BASE + n for n, name in enumerate(self._names)}
        queryset = self._build(**placeholders)
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
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in placeholders.items()}
        marked = tuple(
            (by_value[value], None)
            if isinstance(value, int) and value in by_value
            else (None, value)
            for value in params
        )
        if {name for name, _ in marked if name} != set(self._names):
            raise ValueError(f"Not every argument of {self._names} reaches the query's SQL.")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        models = queryset._iterable_class is ModelIterable
        return _Compiled(sql, marked, compiler, compiler.get_converters(fields), models)

    def _run(self, using: str, arguments: dict[str, int]) -> tuple[_Compiled, list[Any]] | None:
        if set(arguments) != set(self._names):
            raise TypeError(f"Arguments {sorted(arguments)}; expected {sorted(self._names)}.")
        if any(not -_INT64 <= int(value) < _INT64 for value in arguments.values()):
            return None
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(using)
        params = [int(arguments[name]) if name else value for name, value in compiled.params]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled, rows

    def rows(self, using: str = DEFAULT_DB_ALIAS, **arguments: int) -> list[tuple[Any, ...]]:
        """The rows as ``values_list`` gives them (tuples)."""
        ran = self._run(using, arguments)
        if ran is None:
            return []
        return [tuple(row) for row in ran[1]]

    def objects(self, using: str = DEFAULT_DB_ALIAS, **arguments: int) -> list[M]:
        """Model instances, as iterating the queryset gives them."""
        ran = self._run(using, arguments)
        if ran is None:
            return []
        compiled, rows = ran
        if not compiled.models:
            raise TypeError("This prepared read selects values: use rows().")
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        model = klass_info["model"]
        own = klass_info["select_fields"]
        start, end = own[0], own[-1] + 1
        attnames = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        annotations = compiler.annotation_col_map.items()
        instances = []
        for row in rows:
            instance = model.from_db(using, attnames, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances
