"""Sections other apps add to a forum's page: its joint work (projects, work items, liaison
statements, joint agenda items). The registry knows nothing of those apps; each registers a
provider from its ``AppConfig.ready`` and the page renders what the providers return, in order.

A provider takes the forum and the viewer's ``Principal`` and returns a ``ForumSection`` (or
``None`` when it has nothing to show); it decides visibility through its own selectors and must
issue a constant number of queries."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Forum


@dataclass(frozen=True)
class ForumSection:
    title: str
    template: str  # rendered with ``section`` (this object) in its context
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Forum, Any], ForumSection | None]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register(name: str, provider: Provider, *, order: int = 100) -> None:
    """Idempotent by ``name``, since ``ready`` may run more than once in tests."""
    _PROVIDERS[name] = (order, provider)


def sections_for(forum: Forum, principal: Any) -> list[ForumSection]:
    providers = sorted(_PROVIDERS.items(), key=lambda item: (item[1][0], item[0]))
    sections = (provider(forum, principal) for _, (_, provider) in providers)
    return [section for section in sections if section is not None]
