"""The forum page's "joint agenda items": items of upcoming meetings that the forum takes up
with another (its own meeting's items with co-owners, and other fora's items it co-owns)."""

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.registry.forum_sections import ForumSection, register
from secretariat.registry.models import Forum

from . import selectors
from .models import AgendaItem

SHOWN = 20


def joint_agenda_items(forum: Forum, principal: Any) -> ForumSection | None:
    # Agenda items are public with their meeting, so everyone sees the same list.
    meetings = selectors.meetings_list().filter(end_date__gte=timezone.localdate())
    items = list(
        AgendaItem.objects.filter(meeting__in=meetings)
        .filter(Q(co_owners=forum) | Q(meeting__forum=forum, co_owners__isnull=False))
        .distinct()
        .select_related("meeting__forum")
        .prefetch_related("co_owners")
        .order_by("meeting__start_date", "meeting_id", "position", "pk")[:SHOWN]
    )
    if not items:
        return None
    return ForumSection(
        _("Upcoming joint agenda items"), "meetings/_joint_agenda_items.html", {"items": items}
    )


def register_section() -> None:
    register("meetings.joint_agenda_items", joint_agenda_items, order=50)
