"""The forum page's joint agenda items, written in Python from plain values
(``forum_section.py``), are what the template loop it replaced wrote from the ORM's objects:
upcoming meetings only (a meeting ending today still counts), the forum's own items with
co-owners and other fora's items it co-owns, each once, in English and Korean."""

import datetime as dt

import pytest
from django.db.models import Q
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from secretariat.core.i18n import translations
from secretariat.meetings import forum_section
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.selectors import meetings_list
from secretariat.registry.permissions import principal_for
from secretariat.registry.selectors import forum_page
from secretariat.registry.tests.factories import ForumFactory

from .factories import AgendaItemFactory, MeetingFactory

NAME = "meetings.joint_agenda_items"
_LOOP = """{% load i18n secretariat %}<ul>{% for item in items %}
  <li><a href="{% url 'meetings:meeting' item.meeting_id %}">{{ item.meeting }}</a>, {% blocktranslate with number=item.number %}item {{ number }}{% endblocktranslate %}: {{ item.title|tr }} <span class="meta">({{ item.meeting.forum.abbreviation }}{% for owner in item.co_owners.all %}, {{ owner.abbreviation }}{% endfor %})</span></li>
{% endfor %}</ul>
"""  # noqa: E501


def _by_template(forum) -> str:  # type: ignore[no-untyped-def]
    meetings = meetings_list().filter(end_date__gte=timezone.localdate())
    items = list(
        AgendaItem.objects.filter(meeting__in=meetings)
        .filter(Q(co_owners=forum) | Q(meeting__forum=forum, co_owners__isnull=False))
        .distinct()
        .select_related("meeting__forum")
        .prefetch_related("co_owners")
        .order_by("meeting__start_date", "meeting_id", "position", "pk")[: forum_section.SHOWN]
    )
    return engines["django"].from_string(_LOOP).render({"items": items})


@pytest.mark.django_db
def test_the_written_items_are_what_the_template_wrote(world):
    today = timezone.localdate()
    third = ForumFactory(slug="third", abbreviation="T&3")
    ending_today = MeetingFactory(forum=world.body, start_date=today - dt.timedelta(days=2),
                                  end_date=today)  # fmt: skip
    later = MeetingFactory(forum=world.other_forum, start_date=today + dt.timedelta(days=40))
    past = MeetingFactory(forum=world.body, start_date=today - dt.timedelta(days=9))
    title = translations("en", en="Testbed <joint>", ko="테스트베드")
    AgendaItemFactory(meeting=ending_today, number="2", title=title).co_owners.set(
        [world.other_forum, third]
    )
    AgendaItemFactory(meeting=ending_today, number="1")  # not joint
    AgendaItemFactory(meeting=later, number="3<a>").co_owners.set([world.body])
    AgendaItemFactory(meeting=later, number="4").co_owners.set([third])
    AgendaItemFactory(meeting=past, number="5").co_owners.set([world.other_forum])
    for forum in (world.body, world.other_forum, third):
        for language in ("en", "ko"):
            with translation.override(language):
                section = _section(forum)
                assert section is not None
                written = f"<ul>{section.context['html']}</ul>\n"
                assert written == _by_template(forum)
                assert section.html == render_to_string(section.template, {"section": section})
    assert "3&lt;a&gt;" in _by_template(world.body)
    assert _section(ForumFactory(slug="quiet")) is None


def _section(forum):  # type: ignore[no-untyped-def]
    """The section as the forum page reads it (with the forum's row), for a reader."""
    page = forum_page(principal_for(None), forum.slug, timezone.localdate())
    return forum_section.joint_agenda_items(page.forum, None, page.sections[NAME])
