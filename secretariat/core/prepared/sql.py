"""Expressions for queries that a prepared read keeps: a word written into the SQL itself
(``Literal``) and a queryset's count as a query (``counting``)."""

import re
from typing import Any

from django.db.models import CharField, Count, Expression, IntegerField, QuerySet, Value


class Literal(Expression):
    """A constant word written into the SQL itself, not bound as a parameter: for a column
    that a partial index's condition names (``kind = 'head_of_delegation'``). SQLite
    prepares a statement again on every run when a bound value might choose a partial
    index: for a page's whole read (thousands of characters of SQL) that cost more than
    running it. Only ``[a-z_]`` words (choices' values), so the SQL needs no escaping."""

    def __init__(self, word: str, output_field: Any = None) -> None:
        if not re.fullmatch(r"[a-z_]+", word):
            raise ValueError(f"Not a plain word for a literal: {word!r}.")
        super().__init__(output_field or CharField())
        self.word = word

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return f"'{self.word}'", []


def counting(queryset: "QuerySet[Any, Any]") -> "QuerySet[Any, tuple[int]]":
    """How many rows ``queryset`` has, as a query of one row ``(count,)`` that a prepared
    read can keep (``count()`` runs at once). The rows are grouped by a constant, which the
    ORM leaves out of the GROUP BY: one aggregate over them all (0 when there are none)."""
    return (
        queryset.order_by()
        .annotate(counted_together=Value(1, IntegerField()))
        .values("counted_together")
        .annotate(count=Count("pk"))
        .values_list("count")
    )
