"""``GET /api/search``: what the caller may see, with snippets and facets."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from secretariat.registry.permissions import principal_for

from . import presenting, services
from .choices import EntryKind
from .schemas import SearchResultsOut

router = Router(tags=["search"])


@router.get("", response=SearchResultsOut, operation_id="search")
def search(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=services.MAX_QUERY),  # noqa: B008
    kind: EntryKind | None = Query(None),  # noqa: B008
    lang: str | None = Query(None, max_length=10),  # noqa: B008
    forum: str | None = Query(None, max_length=80),  # noqa: B008
    year: int | None = Query(None, ge=1900, le=2200),  # noqa: B008
    limit: int = Query(20, ge=1, le=services.MAX_LIMIT),  # noqa: B008
    offset: int = Query(0, ge=0, le=10_000),  # noqa: B008
) -> dict[str, Any]:
    """Items (texts and their paragraphs, documents with the text of their PDF or DOCX,
    meetings, people, projects, news) that contain every word of ``q`` and that the caller
    may see; facets and total count only those. ``snippet`` is HTML: escaped text with the
    matches in ``<mark>``."""
    results = services.search(
        principal=principal_for(request.user),
        text=q,
        kind=kind,
        language=lang,
        forum=forum,
        year=year,
        limit=limit,
        offset=offset,
    )
    return presenting.as_dict(results)
