"""A query's terms as database conditions, the same on SQLite and PostgreSQL.

A term matches an item when its word is a substring of the haystack (3+ characters) or
all the tokens of one of its token sets are in the extra column (``tokenize.Term``). On SQLite
the candidates come from the FTS5 trigram table (``case_sensitive 1``: an exact substring, as
both sides are already case-folded); on PostgreSQL from ``LIKE`` served by ``pg_trgm`` GIN
indexes. Scores are computed with the same ``LIKE``s on both, so both give the same results.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .tokenize import Term, marked


def _term_q(term: Term) -> Q:
    condition = Q(pk__in=[])
    if term.substring:
        condition |= Q(haystack__contains=term.substring)
    for tokens in term.token_sets:
        every = Q()
        for token in tokens:
            every &= Q(extra__contains=marked(token))
        condition |= every
    return condition


def _phrase(column: str, text: str) -> str:
    return f'{column} : "{text.replace(chr(34), chr(34) * 2)}"'


def _term_fts(term: Term) -> str:
    options = []
    if term.substring:
        options.append(_phrase("haystack", term.substring))
    for tokens in term.token_sets:
        options.append("(" + " AND ".join(_phrase("extra", marked(t)) for t in tokens) + ")")
    return "(" + " OR ".join(options) + ")"


def matching(terms: list[Term], *, every: bool) -> Q:
    """Items that contain every term (``every``) or at least one."""
    if not terms:
        return Q(pk__in=[])
    if connection.vendor == "sqlite":
        expression = (" AND " if every else " OR ").join(_term_fts(term) for term in terms)
        return Q(
            pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])
        )
    combined = _term_q(terms[0])
    for term in terms[1:]:
        combined = (combined & _term_q(term)) if every else (combined | _term_q(term))
    return combined


def score(terms: list[Term]) -> Coalesce:
    """The sum of the weights of the terms an item contains (see ``Term.weight``)."""
    total: Any = Value(0, output_field=IntegerField())
    for term in terms:
        total = total + Case(
            When(_term_q(term), then=Value(term.weight)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return Coalesce(total, Value(0), output_field=IntegerField())


def matching_sql(terms: list[Term], table: str) -> tuple[str, list[Any]]:
    """``matching(terms, every=True)`` as an SQL condition on ``table`` (the entries table,
    by its own name), written by hand: the search API runs it at every request and the
    ORM's compiling of it cost more than the database's answer."""
    if not terms:
        return "1 = 0", []
    if connection.vendor == "sqlite":
        expression = " AND ".join(_term_fts(term) for term in terms)
        return (
            f'"{table}"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)',  # noqa: S608
            [expression],
        )
    conditions, params = [], []
    for term in terms:
        options = []
        if term.substring:
            options.append(f'"{table}"."haystack" LIKE %s')
            params.append(_like(term.substring))
        for tokens in term.token_sets:
            options.append("(" + " AND ".join(f'"{table}"."extra" LIKE %s' for _ in tokens) + ")")
            params.extend(_like(marked(token)) for token in tokens)
        conditions.append("(" + (" OR ".join(options) or "1 = 0") + ")")
    return " AND ".join(conditions), params


def _like(text: str) -> str:
    """A ``LIKE`` pattern for ``text`` anywhere, escaped as Django's ``contains`` does."""
    return f"%{connection.ops.prep_for_like_query(text)}%"
