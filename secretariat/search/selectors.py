"""Which entries a reader may find: each kind through its own app's visibility rule.

Nothing here restates a rule. The entry's ``scope_id`` is matched against the ids the
owning app's selector gives the reader (one subquery per kind, no object loaded), so a
restricted item is filtered out before anything is counted, faceted or quoted."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower

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


def entries_visible_to(principal: Principal, now: datetime) -> QuerySet[SearchEntry]:
    """The rule reads ``kind`` and ``scope_id`` through expressions that no index serves:
    otherwise SQLite walks every visible entry through the (kind, scope_id) index and only
    then checks the words, where starting from the few entries that have the words is
    hundreds of times cheaper at 100,000 paragraphs."""
    unindexed = SearchEntry.objects.alias(entry_kind=Lower("kind"), entry_scope=F("scope_id") + 0)
    return unindexed.filter(visible_rule(principal, now))
