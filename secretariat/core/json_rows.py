"""Rows of a related table read as one JSON value inside another query's row.

A page that needs a few small sets of rows (a meeting's sessions and agenda, a user's roles)
pays a round trip and the ORM's per-row work for each; as a JSON array in the main row they
come with it. ``JSONList`` is the aggregate (``json_group_array`` on SQLite, ``jsonb_agg`` on
PostgreSQL); inside the array a JSON column is text on SQLite and a value on PostgreSQL
(``json_value``), a timestamp is text in either spelling (``json_moment``). An aggregate
keeps no order: sort what is read."""

import json
from datetime import UTC, datetime
from typing import Any

from django.db.models import Aggregate, JSONField


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
