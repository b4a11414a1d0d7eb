"""Rows of a related table read as one JSON value inside another query's row.

A page that needs a few small sets of rows (a meeting's sessions and agenda, a user's roles)
pays a round trip and the ORM's per-row work for each; as a JSON array in the main row they
come with it. ``JSONList`` is the aggregate (``json_group_array`` on SQLite, ``jsonb_agg`` on
PostgreSQL); inside the array a JSON column is text on SQLite and a value on PostgreSQL
(``json_value``), a timestamp is text in either spelling (``json_moment``). An aggregate
keeps no order: sort what is read."""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Aggregate, F, JSONField, QuerySet, Subquery
from django.db.models.functions import JSONArray


class JSONList(Aggregate):
    """The group's values as one JSON array, read as a list."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def json_value(value: Any) -> Any:
    """A JSON column inside a JSON array: text on SQLite, already a value on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def json_moment(value: str) -> datetime:
    """A timestamp inside a JSON array: ``2030-08-04 00:00:00`` (UTC) on SQLite,
    ``2030-08-04T00:00:00+00:00`` on PostgreSQL."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class JSONRows(Subquery):
    """Rows of another table, ordered and perhaps cut (``limit``), as one JSON value in the
    outer query's row: ``[[rank, [column, …]], …]``, ``rank`` each row's place in
    ``order_by`` (1, 2, …). A page that shows a few short lists (a forum's sub-fora,
    officers, latest projects) reads them all in its one row: one round trip instead of one
    per list. An aggregate keeps no order, so the rank says it (``ranked_rows`` sorts by
    it), numbered by the database over the rows read (after the cut: numbering every row
    that matched cost as much as the whole page), comparing as the database's ``ORDER BY``
    does. ``queryset`` may refer to the outer row with ``OuterRef``; ``columns`` are names
    or expressions (a JSON column inside is text on SQLite and a value on PostgreSQL:
    ``json_value``)."""

    template = (
        "(SELECT JSON_GROUP_ARRAY(JSON(ranked.json_row)) FROM (SELECT JSON_ARRAY(ROW_NUMBER() "
        "OVER (ORDER BY %(keys)s), JSON(cut.json_row)) AS json_row FROM (%(subquery)s) cut) "
        "ranked)"
    )
    postgresql_template = (
        "(SELECT JSONB_AGG(ranked.json_row) FROM (SELECT JSONB_BUILD_ARRAY(ROW_NUMBER() "
        "OVER (ORDER BY %(keys)s), cut.json_row) AS json_row FROM (%(subquery)s) cut) ranked)"
    )

    def __init__(
        self,
        queryset: "QuerySet[Any, Any]",
        columns: tuple[str | Any, ...],
        order_by: tuple[str, ...],
        limit: int | None = None,
    ) -> None:
        keys = {f"order_key_{n}": F(name.lstrip("-")) for n, name in enumerate(order_by)}
        values = [F(column) if isinstance(column, str) else column for column in columns]
        inner = queryset.annotate(json_row=JSONArray(*values), **keys).values_list(
            "json_row", *keys
        )
        # Uncut, the rows need no order of their own: the ranks carry ``order_by``. (The
        # model's default ordering sorted them, and joined what it orders by, for nothing.)
        inner = inner.order_by() if limit is None else inner.order_by(*order_by)[:limit]
        keys_sql = ", ".join(
            f"cut.{key} {'DESC' if name.startswith('-') else 'ASC'}"
            for key, name in zip(keys, order_by, strict=True)
        )
        super().__init__(inner, output_field=JSONField(), keys=keys_sql)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Subquery.as_sql takes a template; django-stubs type only BaseExpression's.
        as_sql: Any = self.as_sql
        return as_sql(compiler, connection, template=self.postgresql_template, **extra)


def ranked_rows(value: Any, *converters: Callable[[Any], Any] | None) -> list[tuple[Any, ...]]:
    """A ``JSONRows`` value as the rows it holds, in their order, each column through its
    converter (None: as read). No rows: ``[]`` (SQLite) or NULL (PostgreSQL)."""
    if not value:
        return []
    return [
        tuple(
            cell if convert is None else convert(cell)
            for cell, convert in zip(row[1], converters, strict=True)
        )
        for row in sorted(value, key=lambda row: row[0])
    ]


def json_date(value: str | None) -> date | None:
    """A date inside a JSON array (``2030-08-04`` in either database)."""
    return None if value is None else date.fromisoformat(value)


def json_bool(value: Any) -> bool:
    """A boolean inside a JSON array: 0/1 on SQLite, false/true on PostgreSQL."""
    return bool(value)
