"""Sections other apps add to a forum's page: its joint work (projects, work items, liaison
statements, joint agenda items). The registry knows nothing of those apps; each registers a
provider from its ``AppConfig.ready`` and the page renders what the providers return, in order.

A provider is either a callable that takes the forum and the viewer's ``Principal`` and returns
a ``ForumSection`` (or ``None`` when it has nothing to show), reading what it needs itself in a
constant number of queries; or a ``ReadWithForum``: its reads are subqueries on the forum's
own row, so the page reads the forum, its own parts and every such section in one statement
(one round trip: on PostgreSQL each query of the page was one), and it renders what they read.
Either decides visibility through its own selectors."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Forum


@dataclass(frozen=True)
class ForumSection:
    title: str
    template: str  # rendered with ``section`` (this object) in its context
    context: dict[str, Any] = field(default_factory=dict)
    # What ``template`` writes, when the provider wrote it already: the page then writes it
    # as it is (``forum_page.sections_html``), without including the template.
    html: str | None = None


# The viewer's facts and the page's that a ``ReadWithForum`` may ask for (``facts``), as a
# prepared read's arguments (``core.prepared``): ``slug`` the forum's (str), ``secretariat``
# (bool), ``forum_ids`` the fora the viewer belongs to (a tuple of ids, maybe empty),
# ``today`` (an int, 20261205).
FACTS = ("slug", "secretariat", "forum_ids", "today")


@dataclass(frozen=True)
class ReadWithForum:
    """``reads(**facts)`` returns expressions on the forum's row (``OuterRef("pk")`` is the
    forum) under ``names``, which no other provider uses; ``render(forum, principal, values)``
    gets what they read, by those names. ``facts``: the names of ``FACTS`` that ``reads``
    takes."""

    names: tuple[str, ...]
    facts: tuple[str, ...]
    reads: Callable[..., dict[str, Any]]
    render: Callable[[Forum, Any, dict[str, Any]], ForumSection | None]


Provider = Callable[[Forum, Any], ForumSection | None] | ReadWithForum
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register(name: str, provider: Provider, *, order: int = 100) -> None:
    """Idempotent by ``name``, since ``ready`` may run more than once in tests."""
    _PROVIDERS[name] = (order, provider)


def _in_order() -> list[tuple[str, Provider]]:
    providers = sorted(_PROVIDERS.items(), key=lambda item: (item[1][0], item[0]))
    return [(name, provider) for name, (_, provider) in providers]


def read_with_forum() -> list[tuple[str, ReadWithForum]]:
    """The providers whose reads go with the forum's row, in the page's order."""
    return [(name, p) for name, p in _in_order() if isinstance(p, ReadWithForum)]


def sections_for(
    forum: Forum, principal: Any, read: dict[str, dict[str, Any]]
) -> list[ForumSection]:
    """``read``: per ``ReadWithForum`` provider's name, the values its reads gave."""
    sections = (
        provider.render(forum, principal, read[name])
        if isinstance(provider, ReadWithForum)
        else provider(forum, principal)
        for name, provider in _in_order()
    )
    return [section for section in sections if section is not None]
