"""Which entries a reader may find: each kind through its own app's visibility rule.

Nothing here restates a rule. The entry's ``scope_id`` is matched against the ids the
owning app's selector gives the reader (one subquery per kind, no object loaded), so a
restricted item is filtered out before anything is counted, faceted or quoted."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

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
        Q(kind__in=[EntryKind.TEXT, EntryKind.PARAGRAPH], scope_id__in=texts)
        | Q(kind=EntryKind.DOCUMENT, scope_id__in=documents_visible_to(principal).values("pk"))
        # Meetings are public (their list and pages are everyone's); their documents are not.
        | Q(kind=EntryKind.MEETING)
        | Q(kind=EntryKind.PERSON, scope_id__in=people_visible_to(principal).values("pk"))
        | Q(kind=EntryKind.PROJECT, scope_id__in=projects_visible_to(principal).values("pk"))
        | Q(kind=EntryKind.NEWS, scope_id__in=news_visible_to(principal, now).values("pk"))
    )


def entries_visible_to(principal: Principal, now: datetime) -> QuerySet[SearchEntry]:
    return SearchEntry.objects.filter(visible_rule(principal, now))
