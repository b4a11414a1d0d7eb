"""``{% comments_section "outcome" text %}``: the comments section of a target on any
public page (nothing if the public may not read the target or its kind is unregistered)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from secretariat.core.errors import NotFound

from .. import section, targets

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_section(context: Any, kind: str, obj: Any) -> SafeString:
    request = context["request"]
    try:
        target = targets.target_of(kind, obj)
    except NotFound:
        return mark_safe("")
    csrf = context.get("csrf_token")
    return section.render_section(
        request,
        target,
        page=section.page_of(request),
        csrf=None if csrf is None else str(csrf),
    )
