"""Renderings of project lists kept in the cache, shared by everyone who sees the same
projects: the key holds what decides visibility (everything for the secretariat, else the
viewer's fora), the language and the caller's parts; each rendering is kept with the state
it was rendered in, the tokens every projects write renews (and the fora's and economies',
whose names they show) and the day (what is overdue). The tokens and the rendering are read
in one round trip and the rendering written without waiting (``page_cache.keep_unanswered``):
each was a round trip of its own on every cold rendering."""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from secretariat.core import cache_tokens, page_cache

from .selectors import LIST_TOKEN
from .selectors.filter_choices import CHOICE_TOKENS

SECONDS = 3600
# The list's, then the tables' its filters' choices and its rows' names come from.
TOKEN_NAMES = (LIST_TOKEN, *CHOICE_TOKENS)


def visibility_key(principal: Any) -> str:
    if principal.is_secretariat:
        return "all"
    return ",".join(str(forum_id) for forum_id in sorted(principal.forum_ids)) or "public"


def tokens() -> list[str]:
    return cache_tokens.current(*TOKEN_NAMES)


def choice_tokens(current: list[str]) -> list[str]:
    """The current values of ``CHOICE_TOKENS`` among ``TOKEN_NAMES``' (``current``)."""
    return current[1:]


def cached(
    name: str, principal: Any, parts: Iterable[Any], render: Callable[[list[str]], str]
) -> SafeString:
    """The rendering from the cache if it was rendered in the current state, or
    ``render(tokens)`` kept there with that state (``TOKEN_NAMES``' values, read before
    rendering)."""
    form = "|".join(str(part) for part in (visibility_key(principal), get_language(), *parts))
    key = f"projects:{name}:{hashlib.sha256(form.encode()).hexdigest()}"
    current, found = cache_tokens.current_with(TOKEN_NAMES, [key])
    state = "|".join((*current, str(timezone.localdate())))
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == state:
        return mark_safe(kept[1])  # noqa: S308 — our own template's output
    body = render(current)
    page_cache.keep_unanswered({key: (state, body)}, SECONDS)
    return mark_safe(body)  # noqa: S308 — our own template's output
