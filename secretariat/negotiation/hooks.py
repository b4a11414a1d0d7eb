"""What other apps attach to the negotiation without it knowing them: reactions to a text's
adoption (the precedent finder embeds its paragraphs) and panels on a paragraph's page. Each
app registers from its ``AppConfig.ready``; registering twice under one name replaces."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

AdoptionHook = Callable[[int], None]
# (text, eid, principal) -> the URL of an htmx-loaded panel, or None to show nothing.
PanelProvider = Callable[[Any, str, Any], str | None]

_ADOPTION_HOOKS: dict[str, AdoptionHook] = {}
_PANELS: dict[str, PanelProvider] = {}


def on_adopted(name: str, hook: AdoptionHook) -> None:
    _ADOPTION_HOOKS[name] = hook


def text_adopted(text_id: int) -> None:
    """Call each hook with the text's id once the adoption has committed (a rolled-back
    adoption adopted nothing). Call inside the adopting transaction."""
    for name in sorted(_ADOPTION_HOOKS):
        hook = _ADOPTION_HOOKS[name]
        transaction.on_commit(lambda hook=hook: hook(text_id))  # type: ignore[misc]


def paragraph_panel(name: str, provider: PanelProvider) -> None:
    _PANELS[name] = provider


def paragraph_panels(text: Any, eid: str, principal: Any) -> list[str]:
    """The panel URLs to load on the paragraph page, in the order of their names."""
    urls = (_PANELS[name](text, eid, principal) for name in sorted(_PANELS))
    return [url for url in urls if url]
