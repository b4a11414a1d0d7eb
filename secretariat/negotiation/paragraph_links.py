"""What other apps link to a text's paragraphs (projects that implement a paragraph, later
commitments): the text page lists them per paragraph without knowing those apps. Each app
registers a provider from its ``AppConfig.ready``; a provider takes the text and the viewer's
``Principal``, decides visibility itself, issues a constant number of queries and returns
``ParagraphLink``s."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ParagraphLink:
    eid: str
    what: str  # the kind of thing, shown before the label ("Project")
    label: str
    url: str


Provider = Callable[[Any, Any], list[ParagraphLink]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Idempotent by ``name``, since ``ready`` may run more than once in tests."""
    _PROVIDERS[name] = provider


def links_for(text: Any, principal: Any) -> list[tuple[str, list[ParagraphLink]]]:
    """``[(eid, links)]`` in paragraph-number order, only paragraphs that have links."""
    by_eid: dict[str, list[ParagraphLink]] = {}
    for name in sorted(_PROVIDERS):
        for link in _PROVIDERS[name](text, principal):
            by_eid.setdefault(link.eid, []).append(link)
    return sorted(by_eid.items())
