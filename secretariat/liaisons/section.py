"""The forum page's section of this app (``registry.forum_sections``): the forum's "works
with" links and its liaison statements, in and out, overdue ones flagged. Three queries
whatever their number (the links, the statements with their answered flag)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.registry.forum_sections import ForumSection
from secretariat.registry.models import Forum
from secretariat.registry.selectors import works_with_of_forum

from . import selectors

SHOWN = 20  # the latest; the list page has them all


def joint_work(forum: Forum, principal: Any) -> ForumSection:
    links = [(link.other_side(forum), link) for link in works_with_of_forum(forum.pk)]
    statements = list(selectors.forum_statements(principal, forum.pk)[:SHOWN])
    return ForumSection(
        _("Works with, and liaison statements"),
        "liaisons/_forum_section.html",
        {"forum": forum, "links": links, "statements": statements, "today": timezone.localdate()},
    )
