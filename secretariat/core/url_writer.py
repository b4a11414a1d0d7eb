"""A URL for each of many rows, reversed once.

``reverse`` resolves the route on every call — for a table of fifty rows, fifty times the
same work for one changing argument. ``url_writer`` reverses the route once around a
sentinel and gives a function that writes the URL's head, the row's id or slug, and its
tail: what ``reverse(name, args=[value])`` gives, HTML-escaped for an attribute (ids and
slugs need no escaping; the escape keeps any other value safe in an ``href``)."""

import html
from collections.abc import Callable

from django.urls import reverse

ID_SENTINEL = 987654321
SLUG_SENTINEL = "url-writer-slug"


def url_parts(name: str, sentinel: object = ID_SENTINEL) -> tuple[str, str]:
    """What ``reverse(name, args=[value])`` writes before and after the value, for a caller
    that writes many ids itself (an int needs no escaping)."""
    head, tail = reverse(name, args=[sentinel]).split(str(sentinel))
    return head, tail


def url_writer(name: str, sentinel: object = ID_SENTINEL) -> Callable[[object], str]:
    """``reverse(name, args=[value])`` for many values: ``sentinel`` stands for the one
    argument (an id by default; ``SLUG_SENTINEL`` for a route that takes a slug) and must
    not otherwise occur in the URL."""
    head, tail = url_parts(name, sentinel)
    escaped = html.escape
    return lambda value: f"{head}{escaped(str(value))}{tail}"
