"""``column IN (subquery)`` written for PostgreSQL as ``column = ANY(ARRAY(subquery))`` (the
heat map's commitments off a reader's map, the projects in a public state)."""

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, QuerySet, Subquery


class InSubquery(Expression):
    """A filter: ``lhs`` among the values of ``queryset`` (one column). PostgreSQL plans
    ``IN (subquery)`` as a join, estimating a ``NOT IN`` subquery's rows at half its table:
    the few commitments off a reader's map (a ``NOT IN``) were hash-joined with every score,
    a scan of the whole table. ``= ANY(ARRAY(subquery))`` runs the subquery once first (an
    InitPlan) and probes the index by its values. Elsewhere, ``IN (subquery)``."""

    output_field = BooleanField()

    def __init__(self, lhs: Any, queryset: QuerySet[Any]) -> None:
        super().__init__()
        self.lhs, self.subquery = lhs, Subquery(queryset)

    def get_source_expressions(self) -> list[Any]:
        return [self.lhs, self.subquery]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        self.lhs, self.subquery = expressions

    def _parts(self, compiler: Any) -> tuple[str, str, list[Any]]:
        lhs, lhs_params = compiler.compile(self.lhs)
        subquery, subquery_params = compiler.compile(self.subquery)  # "(SELECT …)"
        return lhs, subquery, [*lhs_params, *subquery_params]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        lhs, subquery, params = self._parts(compiler)
        return f"{lhs} IN {subquery}", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        lhs, subquery, params = self._parts(compiler)
        return f"{lhs} = ANY(ARRAY{subquery})", params
