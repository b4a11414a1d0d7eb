"""``GET /api/negotiation/precedents?q=``: the precedent finder. Mounted at /negotiation."""

from django.http import HttpRequest
from ninja import Query, Router

from secretariat.registry.permissions import principal_for

from . import selectors
from .schemas import PrecedentOut, PrecedentQuery, present

router = Router(tags=["negotiation"])


@router.get("/precedents", response=list[PrecedentOut], operation_id="find_precedents")
def find_precedents(request: HttpRequest, filters: PrecedentQuery = Query(...)):  # noqa: B008
    """Agreed paragraphs of adopted texts nearest to the draft ``q`` in any language (vector
    and keyword ranks merged by reciprocal rank fusion), only of texts the caller may read,
    each with a word-level diff from the draft to the agreed wording."""
    principal = principal_for(request.user)
    found = selectors.find_precedents(principal, filters.q, limit=filters.limit)
    return [present(precedent) for precedent in found]
