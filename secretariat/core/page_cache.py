"""Whole public pages served from the cache to signed-out readers.

A page is stored under a key the view builds from what it shows (row versions and cache
tokens, taken before reading) plus the language and the full path. It is rendered with a
placeholder where the CSRF token goes (``csrf_token`` in the view's context wins over the
context processor's), and the requester's own token is put in on the way out, so no token
is stored or served to anyone else. Signed-in readers, htmx requests, requests carrying
messages and anything but a 200 are rendered as usual."""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from secretariat.core import cache_tokens

CSRF_PLACEHOLDER = "__page_csrf_token__"
SECONDS = 3600


def _has_messages(request: HttpRequest) -> bool:
    if request.COOKIES.get("messages"):
        return True
    return bool(request.COOKIES.get("sessionid") and request.session.get("_messages"))


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not request.headers.get("HX-Request")
        and not _has_messages(request)
    )


def key_for(request: HttpRequest, name: str, parts: Iterable[Any]) -> str:
    state = "|".join(str(part) for part in (*parts, get_language(), request.get_full_path()))
    return f"page:{name}:{hashlib.sha256(state.encode()).hexdigest()}"


def _respond(request: HttpRequest, body: str) -> HttpResponse:
    response = HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)))
    response["Content-Language"] = get_language()
    return response


def lookup(request: HttpRequest, name: str, parts: Iterable[Any]) -> HttpResponse | None:
    """The cached page, if there is one for this state (``cacheable(request)`` first)."""
    body = cache.get(key_for(request, name, parts))
    return None if body is None else _respond(request, body)


def serve(
    request: HttpRequest,
    name: str,
    parts: Iterable[Any],
    render: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """The page from the cache, or ``render(extra_context)`` stored there. ``render`` must
    add ``extra_context`` to its template context."""
    if not cacheable(request):
        return render({})
    key = key_for(request, name, parts)
    body = cache.get(key)
    if body is None:
        response = render({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200:
            return response
        body = response.content.decode()
        cache.set(key, body, SECONDS)
    return _respond(request, body)


def serve_in_state(
    request: HttpRequest,
    name: str,
    token_names: Iterable[str],
    parts: Iterable[Any],
    render: Callable[[dict[str, Any]], HttpResponse],
) -> HttpResponse:
    """``serve`` for a page whose state is its cache tokens (``token_names``, read first) and
    ``parts``: kept under a key that names no state (the page, the language, the path) with
    the state it was rendered in, so that the tokens and the page are read in one round trip
    (``cache_tokens.current_with``), and written without waiting for the cache's answer
    where it can (``set_many_unanswered``). With ``serve`` a cold rendering waited for three
    round trips (the tokens, the page under their key, the write). A page kept for another
    state is never served: it is rendered again and replaces it."""
    if not cacheable(request):
        return render({})
    found = read_in_state(request, name, token_names, parts)
    if found.page is not None:
        return found.page
    return keep_in_state(request, found, render)


@dataclass(frozen=True)
class InState:
    """What ``read_in_state`` read: the tokens (in the order named), and the page kept for
    their state with the requester's CSRF token in it, if there is one."""

    tokens: list[str]
    key: str
    state: str
    page: HttpResponse | None


def read_in_state(
    request: HttpRequest, name: str, token_names: Iterable[str], parts: Iterable[Any]
) -> InState:
    """``serve_in_state``'s read (``cacheable(request)`` first), for a view whose rendering
    needs the tokens read with the page (``keep_in_state`` renders it on a miss)."""
    key = key_for(request, name, [])
    tokens, found = cache_tokens.current_with(list(token_names), [key])
    state = "|".join(str(part) for part in (*tokens, *parts))
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == state:
        return InState(tokens, key, state, _respond(request, kept[1]))
    return InState(tokens, key, state, None)


def keep_in_state(
    request: HttpRequest, found: InState, render: Callable[[dict[str, Any]], HttpResponse]
) -> HttpResponse:
    """``render(extra_context)`` kept in ``found``'s state (a 200 only)."""
    response = render({"csrf_token": CSRF_PLACEHOLDER})
    if response.status_code != 200:
        return response
    body = response.content.decode()
    keep_unanswered({found.key: (found.state, body)}, SECONDS)
    return _respond(request, body)


def keep_unanswered(entries: dict[str, Any], seconds: int) -> None:
    """Store ``entries`` without waiting for the cache's answer where the cache can
    (``resilient_cache.FallbackRedisCache.set_many_unanswered``), else as ``set_many``: for
    renderings kept with the state they were rendered in, which each reader compares, so
    that a write the cache drops is a later miss, never a wrong page."""
    unanswered = getattr(cache, "set_many_unanswered", None)
    (unanswered or cache.set_many)(entries, seconds)
