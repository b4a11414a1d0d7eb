"""Snippets with the matched words marked, safe to put in a page: the text is escaped
first, and only then are ``<mark>`` elements put around the (escaped) matches."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .tokenize import Term

WIDTH = 200


def pattern(terms: list[Term]) -> re.Pattern[str] | None:
    """What ``snippet`` marks: every word of the query and its tokens (built once for a
    page of results)."""
    return _pattern(tuple(terms))


def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    words = {term.word for term in terms}
    for term in terms:
        for tokens in term.token_sets:
            words.update(tokens)
    words = {word for word in words if word}
    if not words:
        return None
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in alternatives), re.IGNORECASE)


def snippet(
    text: str,
    terms: list[Term],
    width: int = WIDTH,
    *,
    marks: re.Pattern[str] | None = None,
) -> SafeString:
    """About ``width`` characters of ``text`` around its first match, matches marked
    (``marks``: ``pattern(terms)`` when the caller already has it)."""
    text = " ".join(text.split())
    pattern = marks or _pattern(tuple(terms))
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > width // 3:
        start = found.start() - width // 3
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    if pattern is None:
        return mark_safe(escape(prefix + window + suffix))  # noqa: S308 - escaped
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))  # noqa: S308 - escaped
