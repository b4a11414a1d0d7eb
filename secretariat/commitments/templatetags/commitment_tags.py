"""``{% paragraph_commitments text eid %}``: on a negotiated text's page, the commitments
drawn from one paragraph, as links. The commitments of the whole text are read once per
request (one query however many paragraphs), as the reader may see them."""

from typing import Any

from django import template
from django.template.loader import render_to_string

from secretariat.registry.permissions import principal_for

from .. import selectors
from ..choices import CommitmentState

register = template.Library()


@register.simple_tag(takes_context=True)
def paragraph_commitments(context: Any, text: Any, eid: str) -> str:
    cache_attr = "_commitments_by_eid"
    by_eid = getattr(text, cache_attr, None)
    if by_eid is None:
        request = context.get("request")
        principal = principal_for(getattr(request, "user", None))
        by_eid = {}
        for commitment in selectors.commitments_visible_to(principal).filter(
            text=text, state=CommitmentState.CONFIRMED
        ):
            by_eid.setdefault(commitment.eid, []).append(commitment)
        setattr(text, cache_attr, by_eid)
    found = by_eid.get(eid)
    if not found:
        return ""
    return render_to_string("commitments/_paragraph_commitments.html", {"commitments": found})
