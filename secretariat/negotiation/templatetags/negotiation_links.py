from typing import Any

from django import template

from secretariat.negotiation import paragraph_links
from secretariat.registry.permissions import principal_for

register = template.Library()


@register.inclusion_tag("negotiation/_paragraph_links.html", takes_context=True)
def paragraph_links_section(context: Any, text: Any) -> dict[str, Any]:
    """The work other apps link to this text's paragraphs, as the viewer may see it."""
    principal = principal_for(context["request"].user)
    return {"paragraphs": paragraph_links.links_for(text, principal)}
