"""A URL for each of many rows, reversed once.

``reverse`` resolves the route on every call — for a table of fifty rows, fifty times the
same work for one changing argument. ``url_writer`` reverses the route once around a
sentinel and gives a function that writes the URL's head, the row's id or slug, and its
tail: what ``reverse(name, args=[value])`` gives, HTML-escaped for an attribute (ids and
slugs need no escaping; the escape keeps any other value safe in an ``href``). The route's
head and tail are kept per process for each language, script prefix and URLconf: a forum
page reversed seven routes on every rendering, each costing more than writing its rows."""

import html
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

ID_SENTINEL = 987654321
SLUG_SENTINEL = "url-writer-slug"


def url_parts(name: str, sentinel: object = ID_SENTINEL) -> tuple[str, str]:
    """What ``reverse(name, args=[value])`` writes before and after the value, for a caller
    that writes many ids itself (an int needs no escaping)."""
    return _reversed_parts(name, sentinel, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=512)
def _reversed_parts(
    name: str, sentinel: object, language: str | None, script_prefix: str, urlconf: Any
) -> tuple[str, str]:
    """``language`` and ``script_prefix`` are the active ones, which ``reverse`` writes:
    they are in the key only so that each has its own entry. No ``sentinel``: a route
    without arguments, whole in the head."""
    if sentinel is None:
        return reverse(name, urlconf=urlconf), ""
    head, tail = reverse(name, args=[sentinel], urlconf=urlconf).split(str(sentinel))
    return head, tail


def fixed_url(name: str) -> str:
    """``reverse(name)`` for a route without arguments, kept as the writers' routes are."""
    return _reversed_parts(name, None, get_language(), get_script_prefix(), get_urlconf())[0]


@receiver(setting_changed)
def _forget_routes(**kwargs: Any) -> None:
    """Tests that change the URLconf or the languages see their own routes."""
    _reversed_parts.cache_clear()


def url_writer(name: str, sentinel: object = ID_SENTINEL) -> Callable[[object], str]:
    """``reverse(name, args=[value])`` for many values: ``sentinel`` stands for the one
    argument (an id by default; ``SLUG_SENTINEL`` for a route that takes a slug) and must
    not otherwise occur in the URL."""
    head, tail = url_parts(name, sentinel)
    escaped = html.escape
    return lambda value: f"{head}{escaped(str(value))}{tail}"
