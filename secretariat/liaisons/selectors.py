"""Who sees which liaison statements, and the shapes the pages need.

The rule (ADR 0029), as one ``Q`` on plain columns:
- a sent or received statement is public, unless restricted: then the members of the fora
  concerned (``forum`` and, between two fora, ``counterpart_forum``) see it;
- a draft, and a draft withdrawn before it left, belong to ``forum``'s members;
- the secretariat sees everything."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from secretariat.core.json_rows import JSONRows, json_bool, json_date, json_value, ranked_rows
from secretariat.meetings.selectors import documents_visible_to
from secretariat.registry.selectors import (
    WORKS_WITH_COLUMNS,
    WORKS_WITH_ORDER,
    works_with_of_forum,
)

from .choices import ISSUED_STATES, Purpose
from .models import LiaisonStatement

if TYPE_CHECKING:
    from secretariat.registry.permissions import Principal


def visible_rule(principal: "Principal") -> Q:
    return rule_for(principal.is_secretariat, tuple(sorted(principal.forum_ids)))


def rule_for(secretariat: bool, forum_ids: tuple[int, ...]) -> Q:
    """The rule from the viewer's facts, for the ordinary reads and the prepared one
    (``forum_page_reads``) alike: ``forum_ids``, the fora they belong to."""
    issued = Q(state__in=ISSUED_STATES)
    allowed = issued & Q(is_restricted=False)
    if secretariat:
        return Q()
    if forum_ids:
        concerned = Q(forum_id__in=forum_ids) | Q(counterpart_forum_id__in=forum_ids)
        allowed |= issued & concerned
        allowed |= ~issued & Q(forum_id__in=forum_ids)
    return allowed


def _answered() -> Exists:
    """An issued response exists: what stops a statement for action being overdue."""
    return Exists(
        LiaisonStatement.objects.filter(in_response_to=OuterRef("pk"), state__in=ISSUED_STATES)
    )


def statements_visible_to(principal: "Principal") -> QuerySet[LiaisonStatement]:
    """Visible statements with ``answered`` (an issued response exists) annotated."""
    return (
        LiaisonStatement.objects.filter(visible_rule(principal))
        .select_related("forum", "counterpart_forum", "counterpart_organisation")
        .annotate(answered=_answered())
    )


def overdue_rule(today: date) -> Q:
    """For action, issued, deadline passed; combine with ``answered=False``."""
    return Q(purpose=Purpose.FOR_ACTION, state__in=ISSUED_STATES, deadline__lt=today)


def overdue(statements: QuerySet[LiaisonStatement], today: date) -> QuerySet[LiaisonStatement]:
    """Of ``statements`` (from ``statements_visible_to``: ``answered`` annotated)."""
    return statements.filter(overdue_rule(today) & Q(answered=False))


def with_detail(
    statements: QuerySet[LiaisonStatement], principal: "Principal"
) -> QuerySet[LiaisonStatement]:
    """The statement page's relations in a fixed number of queries: the attachments and
    responses the viewer may see, and whether the viewer may see the statement answered
    (``original_visible``: a restricted original's id is not shown to outsiders)."""
    original_visible = Exists(
        LiaisonStatement.objects.filter(visible_rule(principal), pk=OuterRef("in_response_to_id"))
    )
    statements = statements.annotate(original_visible=original_visible)
    return statements.select_related("in_response_to__forum", "created_by").prefetch_related(
        Prefetch(
            "attachments",
            queryset=documents_visible_to(principal).order_by("number"),
            to_attr="visible_attachments",
        ),
        Prefetch(
            "responses",
            queryset=statements_visible_to(principal).order_by("issued_on", "pk"),
            to_attr="visible_responses",
        ),
    )


def forum_statements(principal: "Principal", forum_id: int) -> QuerySet[LiaisonStatement]:
    """A forum's statements, in and out, as its page lists them."""
    return statements_visible_to(principal).filter(
        Q(forum_id=forum_id) | Q(counterpart_forum_id=forum_id)
    )


# The forum page's section (``section.py``), read with the forum's row
# (``registry.forum_sections.ReadWithForum``): the page's one query.
FORUM_PAGE_SHOWN = 20  # the latest; the list page has them all
FORUM_PAGE_COLUMNS = (
    "pk", "title", "is_restricted", "direction", "purpose", "state", "deadline",
    "forum__abbreviation", "counterpart_forum__abbreviation",
    "counterpart_organisation__acronym", "counterpart_organisation__name",
    "counterpart_organisation__slug", "answered",
)  # fmt: skip
STATEMENT_ORDER = ("-issued_on", "-pk")  # LiaisonStatement's


def forum_page_reads(secretariat: bool, forum_ids: tuple[int, ...]) -> dict[str, Any]:
    """The forum's "works with" links (``liaison_links``: ``WORKS_WITH_COLUMNS``, both
    sides) and the latest statements the viewer may see that it sent or received
    (``liaison_statements``: ``FORUM_PAGE_COLUMNS``), each a ``JSONRows`` on the forum's
    row."""
    forum = OuterRef("pk")
    statements = (
        LiaisonStatement.objects.filter(rule_for(secretariat, forum_ids))
        .filter(Q(forum_id=forum) | Q(counterpart_forum_id=forum))
        .annotate(answered=_answered())
    )
    return {
        "liaison_links": JSONRows(works_with_of_forum(forum), WORKS_WITH_COLUMNS, WORKS_WITH_ORDER),
        "liaison_statements": JSONRows(
            statements, FORUM_PAGE_COLUMNS, STATEMENT_ORDER, FORUM_PAGE_SHOWN
        ),
    }


FORUM_PAGE_READS = ("liaison_links", "liaison_statements")


def forum_page_rows(read: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``forum_page_reads``' values as rows: the links (``WORKS_WITH_COLUMNS``) and the
    statements (``FORUM_PAGE_COLUMNS``), their JSON, dates and flags read back."""
    links = ranked_rows(read["liaison_links"], None, None, None, None, None, None, None,
                        json_value, None, json_date, json_value)  # fmt: skip
    statements = ranked_rows(
        read["liaison_statements"], None, json_value, json_bool, None, None, None, json_date,
        None, None, None, json_value, None, json_bool,
    )  # fmt: skip
    return links, statements
