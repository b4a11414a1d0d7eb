"""The forum page's "joint agenda items": items of upcoming meetings that the forum takes up
with another (its own meeting's items with co-owners, and other fora's items it co-owns).

Read with the forum's row (``forum_page_reads``: the page's one query, its SQL prepared, ADR
0024), the items with their co-owners, as plain values written in Python: the output is
what the template loop it replaced wrote (``tests/test_joint_agenda_section.py``)."""

from typing import Any

from django.db.models import OuterRef, Q, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from secretariat.core.json_rows import JSONRows, json_date, json_value, ranked_rows
from secretariat.core.url_writer import url_writer
from secretariat.registry.forum_sections import ForumSection, ReadWithForum, register
from secretariat.registry.models import Forum

from .content import translator
from .models import AgendaItem

SHOWN = 20
_CO_OWNERS = AgendaItem.co_owners.through


def _joint_items(today: int) -> QuerySet[AgendaItem]:
    """The joint items of upcoming meetings of the forum of the outer row (the forum page's
    read): its own meetings' items with co-owners and other fora's items it co-owns."""
    # The meeting's last day as a number (20261204), compared with ``today`` as one: a
    # prepared read's arguments are integers, and its SQL then holds no date.
    last_day = (
        ExtractYear("meeting__end_date") * 10000
        + ExtractMonth("meeting__end_date") * 100
        + ExtractDay("meeting__end_date")
    )
    # The forum is the page's row: one level out from the items, two from their co-owners.
    co_owned = _CO_OWNERS.objects.filter(forum_id=OuterRef(OuterRef("pk"))).values("agendaitem_id")
    joint = _CO_OWNERS.objects.values("agendaitem_id")
    return (
        AgendaItem.objects.alias(last_day=last_day)
        .filter(last_day__gte=today)
        .filter(Q(pk__in=co_owned) | Q(meeting__forum_id=OuterRef("pk"), pk__in=joint))
    )


ITEM_ORDER = ("meeting__start_date", "meeting_id", "position", "pk")


def forum_page_reads(today: int) -> dict[str, Any]:
    """The forum's upcoming joint items (``joint_items``), read with the forum's row
    (``registry.forum_sections.ReadWithForum``): pk, meeting id, start date and code,
    number, title, the meeting's forum's abbreviation and the co-owners' abbreviations (by
    slug) each."""
    co_owners = JSONRows(
        _CO_OWNERS.objects.filter(agendaitem_id=OuterRef("pk")),
        ("forum__abbreviation",),
        ("forum__slug",),
    )
    columns = ("pk", "meeting_id", "meeting__start_date", "meeting__code", "number", "title",
               "meeting__forum__abbreviation", co_owners)  # fmt: skip
    return {"joint_items": JSONRows(_joint_items(today), columns, ITEM_ORDER, SHOWN)}


def _abbreviations(value: Any) -> list[str]:
    """An item's co-owners (a ``JSONRows`` inside its row)."""
    return [abbreviation for (abbreviation,) in ranked_rows(json_value(value), None)]


def joint_agenda_items(forum: Forum, principal: Any, read: dict[str, Any]) -> ForumSection | None:
    # Agenda items are public with their meeting, so everyone sees the same list.
    items = ranked_rows(read["joint_items"], None, None, json_date, None, None, json_value,
                        None, _abbreviations)  # fmt: skip
    if not items:
        return None
    html = items_html(items)
    return ForumSection(
        _("Upcoming joint agenda items"),
        "meetings/_joint_agenda_items.html",
        {"html": html},
        html=mark_safe(f"<ul>{html}</ul>\n"),  # noqa: S308 - what the template writes
    )


def items_html(items: list[tuple[Any, ...]]) -> SafeString:
    """The list's items: the meeting, the item's number and title, the owning fora."""
    translated = translator()
    meeting_url = url_writer("meetings:meeting")
    written = []
    for _pk, meeting_id, start_date, code, number, title, abbreviation, co_owners in items:
        item = _("item %(number)s") % {"number": escape(number)}
        owners = "".join(f", {escape(co_owner)}" for co_owner in co_owners)
        written.append(
            f'\n  <li><a href="{meeting_url(meeting_id)}">{escape(f"{start_date.year}/{code}")}'
            f'</a>, {item}: {translated(title)} <span class="meta">({escape(abbreviation)}'
            f"{owners})</span></li>\n"
        )
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above


FORUM_SECTION = ReadWithForum(
    names=("joint_items",), facts=("today",), reads=forum_page_reads, render=joint_agenda_items
)


def register_section() -> None:
    register("meetings.joint_agenda_items", FORUM_SECTION, order=50)
