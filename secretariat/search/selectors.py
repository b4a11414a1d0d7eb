"""Which entries a reader may find: each kind through its own app's visibility rule.

Nothing here restates a rule. The entry's ``scope_id`` is matched against the ids the
owning app's selector gives the reader (one subquery per kind, no object loaded), so a
restricted item is filtered out before anything is counted, faceted or quoted."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, Q, QuerySet

from .choices import EntryKind
from .models import SearchEntry

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def visible_rule(principal: Principal, now: datetime) -> Q:
    from secretariat.meetings.selectors import documents_visible_to
    from secretariat.negotiation.selectors import texts_visible_to
    from secretariat.news.selectors import news_visible_to
    from secretariat.projects.selectors import projects_visible_to
    from secretariat.registry.selectors import people_visible_to

    texts = texts_visible_to(principal).order_by().values("pk")
    return (
        Q(entry_kind__in=[EntryKind.TEXT, EntryKind.PARAGRAPH], entry_scope__in=texts)
        # A translation is read with its text (the outcome's public page shows it only for a
        # published text; a text restricted again takes its translations with it).
        | Q(entry_kind=EntryKind.TRANSLATION, entry_scope__in=texts)
        | Q(
            entry_kind=EntryKind.DOCUMENT,
            entry_scope__in=documents_visible_to(principal).values("pk"),
        )
        # Meetings are public (their list and pages are everyone's); their documents are not.
        | Q(entry_kind=EntryKind.MEETING)
        | Q(entry_kind=EntryKind.PERSON, entry_scope__in=people_visible_to(principal).values("pk"))
        | Q(
            entry_kind=EntryKind.PROJECT,
            entry_scope__in=projects_visible_to(principal).values("pk"),
        )
        | Q(entry_kind=EntryKind.NEWS, entry_scope__in=news_visible_to(principal, now).values("pk"))
    )


class _Unindexed(Func):
    """``+column``, SQLite's no-op that keeps the planner from serving a condition on the
    column with an index."""

    template = "(+%(expressions)s)"


def entries_visible_to(
    principal: Principal, now: datetime, using: str = DEFAULT_DB_ALIAS
) -> QuerySet[SearchEntry]:
    """On SQLite the rule reads ``kind`` and ``scope_id`` through expressions that no index
    serves: otherwise SQLite walks every visible entry through the (kind, scope_id) index and
    only then checks the words, where starting from the few entries that have the words is
    hundreds of times cheaper at 100,000 paragraphs. (A unary plus costs nothing; ``LOWER``
    and ``+ 0``, used before, cost the search a tenth of its statement.) PostgreSQL's planner
    starts from the words by itself: the rule's subqueries are hashed filters there, which
    no index serves."""
    if connections[using].vendor == "sqlite":
        entries = SearchEntry.objects.alias(
            entry_kind=_Unindexed("kind"), entry_scope=_Unindexed("scope_id")
        )
    else:
        entries = SearchEntry.objects.alias(entry_kind=F("kind"), entry_scope=F("scope_id"))
    return entries.using(using).filter(visible_rule(principal, now))


# --- the rule as SQL, compiled once per process for each set of facts about a reader --------

# Stand for the request's time while the rule is compiled: the news rule compares with it.
_SENTINELS = (
    datetime(2999, 12, 31, 23, 59, 58, 987654, tzinfo=UTC),
    datetime(2998, 11, 30, 22, 58, 57, 876543, tzinfo=UTC),
)
# Distinct readers' facts kept (each a few kilobytes of SQL); past this the cache starts over.
_MAX_COMPILED = 2048


@dataclass(frozen=True)
class _CompiledRule:
    sql: str  # a condition on the entries table, its columns named by the table's own name
    params: tuple[Any, ...]
    now_at: tuple[int, ...]  # the positions in ``params`` that take the request's time


_compiled: dict[tuple[Any, ...], _CompiledRule] = {}
_compiling = threading.Lock()


def _facts(principal: Principal) -> tuple[Any, ...]:
    """Everything of a principal that the apps' rules read (``Principal`` is made of these
    and the user, whom no rule reads but through them): readers with equal facts are given
    the same SQL. The roles as a set: the rules read them as one."""
    return (principal.person_id, principal.is_secretariat, frozenset(principal.roles))


def visible_condition(
    principal: Principal, now: datetime, using: str = DEFAULT_DB_ALIAS
) -> tuple[str, list[Any]]:
    """``visible_rule`` as an SQL condition on the entries table and its parameters. The
    ORM compiles the rule (five apps' selectors, a few milliseconds) the first time a
    reader's facts are seen in this process; afterwards only ``now`` is put in. The rule is
    still evaluated by the database at each query: nothing about what is visible is kept."""
    connection = connections[using]
    key = (using, connection.vendor, *_facts(principal))
    compiled = _compiled.get(key)
    if compiled is None:
        with _compiling:
            compiled = _compile_rule(principal, using)
            if len(_compiled) >= _MAX_COMPILED:
                _compiled.clear()
            _compiled[key] = compiled
    params = list(compiled.params)
    if compiled.now_at:
        moment = connection.ops.adapt_datetimefield_value(now)
        for position in compiled.now_at:
            params[position] = moment
    return compiled.sql, params


def _compile_rule(principal: Principal, using: str) -> _CompiledRule:
    """Compiled twice, at two stand-in times: the parameters that differ are the time's (and
    the SQL must not depend on it), so no rule can keep a stale time in the cached SQL."""
    connection = connections[using]
    compiled = [_compile_at(principal, using, moment) for moment in _SENTINELS]
    (sql, params), (other_sql, other_params) = compiled
    stand_in = connection.ops.adapt_datetimefield_value(_SENTINELS[0])
    now_at = tuple(i for i, value in enumerate(params) if value == stand_in)
    differ = tuple(i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b)
    if sql != other_sql or now_at != differ:
        raise RuntimeError("search: the visibility rule's SQL depends on the time itself")
    return _CompiledRule(sql, tuple(params), now_at)


def _compile_at(principal: Principal, using: str, now: datetime) -> tuple[str, list[Any]]:
    query = entries_visible_to(principal, now, using).order_by().query
    compiler = query.get_compiler(using=using)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return "1 = 0", []
    except FullResultSet:
        return "1 = 1", []
    return f"({sql})", list(params)
