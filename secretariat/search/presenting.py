"""Results as the API, the page and the command line show them (one shape for all three)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant

from secretariat.core.i18n import resolve

from .services import Results

EMPTY_FACETS: dict[str, dict[str, int]] = {"kind": {}, "forum": {}, "year": {}, "language": {}}


def as_dict(results: Results, language: str | None = None) -> dict[str, Any]:
    language = language or get_language() or settings.LANGUAGE_CODE
    try:
        prefix = "/" + get_supported_language_variant(language)
    except LookupError:
        prefix = "/" + settings.LANGUAGE_CODE
    return {
        "query": results.query,
        "total": results.total,
        "items": [
            {
                "id": f"{hit.kind}:{hit.object_id}",
                "kind": hit.kind,
                "title": resolve(hit.title, language).text,
                "url": prefix + hit.path,
                "snippet": str(hit.snippet),
                "language": hit.language,
                "year": hit.year,
                "forum": hit.forum,
            }
            for hit in results.items
        ],
        "facets": results.facets or EMPTY_FACETS,
    }
