"""``{% automatic_extract "text" text.pk %}``: the object's extract, labelled as such, for a
page that has already authorised the object."""

from typing import Any

from django import template

from ..selectors import extract_for

register = template.Library()


@register.inclusion_tag("summaries/_automatic_extract.html")
def automatic_extract(kind: str, target_id: int) -> dict[str, Any]:
    return {"summary": extract_for(kind, target_id), "kind": kind, "target_id": target_id}
