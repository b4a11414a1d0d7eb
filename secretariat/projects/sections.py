"""What projects add to other apps' pages, through those apps' hooks: a forum's page lists
the projects and work items it owns or co-owns; a text's page lists, per paragraph, the
projects that implement it. Each provider issues a constant number of queries."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.negotiation.paragraph_links import ParagraphLink as Link
from secretariat.registry.forum_sections import ForumSection, ReadWithForum
from secretariat.registry.models import Forum

from . import selectors
from .list_html import forum_items_html
from .models import ParagraphLink

FORUM_PAGE_LIMIT = selectors.FORUM_PAGE_LIMIT


def forum_projects(forum: Forum, principal: Any, read: dict[str, Any]) -> ForumSection | None:
    """The latest projects the forum owns or co-owns, as the viewer may see them, and how
    many there are in all, read with the forum's row (``selectors.forum_page_reads``).
    Rendered on every request, not kept in the cache: its rows cost less than the three
    cache round trips (the tokens, the rendering, storing it) that keeping it took on every
    cold rendering."""
    html = _forum_list(forum, read)
    if not html.strip():
        return None
    return ForumSection(
        title=_("Projects and work items"),
        template="projects/_forum_section.html",
        context={"html": html},
    )


FORUM_SECTION = ReadWithForum(
    names=selectors.FORUM_PAGE_READS,
    facts=("slug", "secretariat", "forum_ids"),
    reads=selectors.forum_page_reads,
    render=forum_projects,
)


def _forum_list(forum: Forum, read: dict[str, Any]) -> str:
    rows, total = selectors.forum_page_rows(read)
    if not total:
        return ""
    return render_to_string(
        "projects/_forum_projects.html",
        {"items": forum_items_html(rows, forum.pk), "forum": forum, "total": total,
         "shown": len(rows)},
    )  # fmt: skip


def paragraph_projects(text: Any, principal: Any) -> list[Link]:
    visible = selectors.projects_visible_to(principal).values("pk")
    rows = ParagraphLink.objects.filter(text=text, project_id__in=visible).select_related("project")
    return [
        Link(
            eid=row.eid,
            what=_("Project"),
            label=resolve(row.project.title).text,
            url=reverse("projects:detail", args=[row.project_id]),
        )
        for row in rows
    ]
