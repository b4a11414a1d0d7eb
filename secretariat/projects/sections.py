"""What projects add to other apps' pages, through those apps' hooks: a forum's page lists
the projects and work items it owns or co-owns; a text's page lists, per paragraph, the
projects that implement it. Each provider issues a constant number of queries."""

from typing import Any

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from secretariat.core.i18n import resolve
from secretariat.core.prepared import Prepared
from secretariat.core.url_writer import fixed_url
from secretariat.negotiation.paragraph_links import ParagraphLink as Link
from secretariat.registry.forum_sections import ForumSection, ReadWithForum
from secretariat.registry.models import Forum

from . import selectors
from .list_html import forum_items_html
from .models import ParagraphLink, Project

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
        html=mark_safe(f"{html}\n"),  # noqa: S308 - what the template writes
    )


FORUM_SECTION = ReadWithForum(
    names=selectors.FORUM_PAGE_READS,
    facts=("secretariat", "forum_ids"),
    reads=selectors.forum_page_reads,
    render=forum_projects,
)


def _forum_list(forum: Forum, read: dict[str, Any]) -> str:
    """The latest projects and the link to all of them, as the template
    ``projects/_forum_projects.html`` wrote them (``tests/test_forum_section.py``): through
    the template language its few tags cost about as much as the items."""
    rows, total = selectors.forum_page_rows(read)
    if not total:
        return ""
    shown = len(rows)
    latest = ""
    if total > shown:
        latest = _("The latest %(shown)s of %(total)s.") % {"shown": shown, "total": total} + " "
    link = f'<a href="{fixed_url("projects:list")}?forum={escape(forum.slug)}">'
    all_projects = _("All of this forum's projects")
    # The items and the slug escaped; translations unescaped, as the template wrote them.
    return mark_safe(  # noqa: S308
        f"<ul>{forum_items_html(rows, forum.pk)}</ul>\n<p>{latest}{link}{all_projects}</a></p>\n"
    )


def _paragraph_links_query(secretariat: bool, member: bool, forum_ids: Any, text: Any) -> Any:
    """The text's paragraph links to the projects the viewer may see (``selectors.rule_for``,
    the rule of ``projects_visible_to``), in the links' own order."""
    rule = selectors.rule_for(secretariat, member, forum_ids)
    projects = Project.objects.all() if rule is None else Project.objects.filter(rule)
    return ParagraphLink.objects.filter(
        text_id=text, project_id__in=projects.values("pk")
    ).values_list("eid", "project_id", "project__title")


# Read on every view of a text's page (core.prepared, ADR 0024): building its SQL cost the
# ORM more than running it.
_PARAGRAPH_LINKS: Prepared[tuple[Any, ...]] = Prepared(
    _paragraph_links_query, "secretariat", "member", "forum_ids", "text"
)


def paragraph_projects(text: Any, principal: Any) -> list[Link]:
    forum_ids = tuple(sorted(principal.forum_ids))
    rows = _PARAGRAPH_LINKS.rows(
        secretariat=principal.is_secretariat,
        member=bool(forum_ids),
        forum_ids=forum_ids,
        text=text.pk,
    )
    return [
        Link(
            eid=eid,
            what=_("Project"),
            label=resolve(title).text,
            url=reverse("projects:detail", args=[project_id]),
        )
        for eid, project_id, title in rows
    ]
