"""The forum page's "joint agenda items": items of upcoming meetings that the forum takes up
with another (its own meeting's items with co-owners, and other fora's items it co-owns).

Two prepared reads (ADR 0024: building their SQL cost the ORM more than running them), the
items and their co-owners, as plain values written in Python: the output is what the
template loop it replaced wrote (``tests/test_joint_agenda_section.py``)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from secretariat.core.prepared import Prepared
from secretariat.core.url_writer import url_writer
from secretariat.registry.forum_sections import ForumSection, register
from secretariat.registry.models import Forum

from .content import translator
from .models import AgendaItem

SHOWN = 20
_CO_OWNERS = AgendaItem.co_owners.through


def _joint_items(forum_id: int, today: int) -> QuerySet[Any]:
    # The meeting's last day as a number (20261204), compared with ``today`` as one: a
    # prepared read's arguments are integers, and its SQL then holds no date.
    last_day = (
        ExtractYear("meeting__end_date") * 10000
        + ExtractMonth("meeting__end_date") * 100
        + ExtractDay("meeting__end_date")
    )
    co_owned = _CO_OWNERS.objects.filter(forum_id=forum_id).values("agendaitem_id")
    joint = _CO_OWNERS.objects.values("agendaitem_id")
    return (
        AgendaItem.objects.alias(last_day=last_day)
        .filter(last_day__gte=today)
        .filter(Q(pk__in=co_owned) | Q(meeting__forum_id=forum_id, pk__in=joint))
        .order_by("meeting__start_date", "meeting_id", "position", "pk")
        .values_list(
            "pk", "meeting_id", "meeting__start_date", "meeting__code", "number", "title",
            "meeting__forum__abbreviation",
        )[:SHOWN]
    )  # fmt: skip


_ITEMS = Prepared(_joint_items, "forum_id", "today")
_ITEM_CO_OWNERS = Prepared(
    lambda ids: (
        _CO_OWNERS.objects.filter(agendaitem_id__in=ids)
        .order_by("forum__slug")
        .values_list("agendaitem_id", "forum__abbreviation")
    ),
    "ids",
)


def joint_agenda_items(forum: Forum, principal: Any) -> ForumSection | None:
    # Agenda items are public with their meeting, so everyone sees the same list.
    today = timezone.localdate()
    items = _ITEMS.rows(forum_id=forum.pk, today=today.year * 10000 + today.month * 100 + today.day)
    if not items:
        return None
    return ForumSection(
        _("Upcoming joint agenda items"),
        "meetings/_joint_agenda_items.html",
        {"html": items_html(items)},
    )


def items_html(items: list[tuple[Any, ...]]) -> SafeString:
    """The list's items: the meeting, the item's number and title, the owning fora."""
    co_owners: dict[int, list[str]] = {}
    for item_id, abbreviation in _ITEM_CO_OWNERS.rows(ids=tuple(item[0] for item in items)):
        co_owners.setdefault(item_id, []).append(f", {escape(abbreviation)}")
    translated = translator()
    meeting_url = url_writer("meetings:meeting")
    written = []
    for pk, meeting_id, start_date, code, number, title, abbreviation in items:
        item = _("item %(number)s") % {"number": escape(number)}
        written.append(
            f'\n  <li><a href="{meeting_url(meeting_id)}">{escape(f"{start_date.year}/{code}")}'
            f'</a>, {item}: {translated(title)} <span class="meta">({escape(abbreviation)}'
            f"{''.join(co_owners.get(pk, ()))})</span></li>\n"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


def register_section() -> None:
    register("meetings.joint_agenda_items", joint_agenda_items, order=50)
