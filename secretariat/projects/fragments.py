"""Renderings of project lists kept in the cache, shared by everyone who sees the same
projects: the key holds what decides visibility (everything for the secretariat, else the
viewer's fora), the tokens every projects write renews (and the fora's and economies',
whose names they show), the day (what is overdue) and the language."""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from secretariat.core import cache_tokens
from secretariat.registry.models import Economy, Forum

from .selectors import LIST_TOKEN

SECONDS = 3600


def visibility_key(principal: Any) -> str:
    if principal.is_secretariat:
        return "all"
    return ",".join(str(forum_id) for forum_id in sorted(principal.forum_ids)) or "public"


def tokens() -> list[str]:
    return cache_tokens.current(
        LIST_TOKEN, cache_tokens.rows_of(Forum), cache_tokens.rows_of(Economy)
    )


def cached(
    name: str, principal: Any, parts: Iterable[Any], render: Callable[[], str]
) -> SafeString:
    """The rendering from the cache, or ``render()`` stored there (tokens read first)."""
    state = "|".join(
        str(part)
        for part in (*tokens(), visibility_key(principal), timezone.localdate(), get_language(),
                     *parts)
    )  # fmt: skip
    key = f"projects:{name}:{hashlib.sha256(state.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body, SECONDS)
    return mark_safe(body)  # noqa: S308 — our own template's output
