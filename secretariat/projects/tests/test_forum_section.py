"""The forum page's projects section is written in Python (``sections._forum_list``): it is
what the template it replaced wrote, with and without more projects than it shows, in
English and Korean."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from secretariat.projects import sections
from secretariat.projects.selectors import VisibleList
from secretariat.registry.permissions import principal_for
from secretariat.registry.selectors import forum_page
from secretariat.registry.tests.factories import ForumFactory

from .factories import state
from .helpers import korean_project

# ``projects/_forum_projects.html`` before it was written in Python.
_TEMPLATE = """{% load i18n %}<ul>{{ items }}</ul>
<p>{% if total > shown %}{% blocktranslate with shown=shown total=total %}The latest {{ shown }} of {{ total }}.{% endblocktranslate %} {% endif %}<a href="{% url 'projects:list' %}?forum={{ forum.slug }}">{% translate "All of this forum's projects" %}</a></p>
"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("more", [0, 3, 11])
def test_the_written_section_is_what_the_template_wrote(world, more):
    forum = ForumFactory(slug=f"joint-{more}")
    for _ in range(more):
        korean_project(world, state=state("approved"), responsible_forum=forum)
    read = forum_page(principal_for(None), forum.slug, timezone.localdate())
    assert read is not None
    values = read.sections["projects"]
    rows, total = sections.selectors.forum_page_rows(values)
    template = engines["django"].from_string(_TEMPLATE)
    for language in ("en", "ko"):
        with translation.override(language):
            written = sections._forum_list(read.forum, values)
            if not total:
                assert written == ""
                continue
            section = sections.forum_projects(read.forum, None, values)
            assert section.html == render_to_string(section.template, {"section": section})
            context = {"items": sections.forum_items_html(rows, forum.pk), "forum": read.forum,
                       "total": total, "shown": len(rows)}  # fmt: skip
            assert written == template.render(context)
    assert more <= sections.FORUM_PAGE_LIMIT or "전체 11건 중 최근 10건. <a" in written


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "reader", "delegate_a", "delegate_c", "secretariat"])
def test_the_sections_projects_are_the_lists_filtered_by_the_forum(world, role):
    """The section reads the forum's projects by its id (``owned_by_the_row``), the list by
    its slug: the same projects, so the total is what the linked list shows."""
    hidden = state("concept-note")
    for forum in (world.body, world.other_forum):
        korean_project(world, state=state("approved"), responsible_forum=forum)
        korean_project(world, state=hidden, responsible_forum=forum)
        korean_project(world, state=hidden, responsible_forum=forum).co_owning_fora.add(
            world.other_forum if forum == world.body else world.body
        )
    principal = principal_for(world.users.get(role))
    for forum in (world.body, world.other_forum, ForumFactory(slug="alone")):
        read = forum_page(principal, forum.slug, timezone.localdate())
        assert read is not None
        rows, total = sections.selectors.forum_page_rows(read.sections["projects"])
        listed = VisibleList(principal, {"forum": forum.slug}, columns="forum")
        assert total == listed.count()
        assert [row[0] for row in rows] == [row[0] for row in listed[: sections.FORUM_PAGE_LIMIT]]
