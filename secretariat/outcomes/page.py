"""The public outcome page's content, rendered once per state of the outcome, language and
signed-in state (the page is the same for every anonymous reader, and for every signed-in
one until reader comments add their own parts around it). Rendered without the request:
no CSRF token, user or session can get into it."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from secretariat.core.errors import NotFound

from . import exports, permissions, selectors
from .models import Outcome

CONTENT_SECONDS = 3600


def cache_key(outcome: Outcome, language: str, *, signed_in: bool, token: str) -> str:
    text = outcome.text
    state = (
        f"{token}|{outcome.pk}|{outcome.version}|{text.pk}|{text.version}|"
        f"{text.current_version_id}|{language}|{signed_in}|{get_script_prefix()}"
    )
    return f"outcomes:page:{outcome.pk}:{hashlib.sha256(state.encode()).hexdigest()}"


def content(outcome: Outcome, language: str, *, signed_in: bool, token: str) -> SafeString:
    """``outcome`` needs only ``selectors.outcome_page_head``; ``token`` is
    ``cache.page_token(...)``, taken before the translations are read."""
    key = cache_key(outcome, language, signed_in=signed_in, token=token)
    cached = cache.get(key)
    if cached is not None:
        return mark_safe(cached)  # noqa: S308 - rendered by our template below
    full = selectors.outcome_for_page(outcome.pk)
    if full is None:  # deleted since its head was read
        raise NotFound(f"No outcome matches pk={outcome.pk}.")
    outcome = full
    built = exports.build(outcome, language)
    html = render_to_string(
        "outcomes/_outcome_content.html",
        {
            "built": built,
            "outcome": outcome,
            "language": language,
            "notice": exports.notice_for(built),
            "public_languages": permissions.public_languages(),
        },
    )
    cache.set(key, html, CONTENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - autoescaped template output
